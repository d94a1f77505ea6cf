import * as z from 'zod';

/**
 * Consent, not guessing (ARCHITECTURE.md): a social handle is linked to a
 * customer as *verified* only by proof from the customer. Main watches what
 * the connectors receive for that proof; the renderer owns the customer data
 * and records the link when main says it was proven.
 *
 * A phone number sent privately from an account is a *claim*, not proof:
 * anyone who knows a customer's number can send it. It becomes proof only
 * through a one-time code that travels between that number and that account
 * (DID), one way or the other:
 *
 * - `code-post` / `code-message`: the agent reads the code on a call from the
 *   number, the account posts it or sends it privately;
 * - `code-read-back`: the desk sends the code privately to the account, the
 *   caller reads it back on a call from the number and the agent types it in.
 */

export const VERIFICATION_METHODS = ['code-post', 'code-message', 'code-read-back'] as const;
export const VerificationMethod = z.enum(VERIFICATION_METHODS);
export type VerificationMethod = z.infer<typeof VerificationMethod>;

export const StartVerification = z
  .object({
    customerId: z.string().min(1).max(64),
    network: z.enum(['bluesky']),
    /** The handle the agent recorded (unverified) for this customer. */
    handle: z.string().min(1).max(253),
    /**
     * How the code travels: read out on the call (the account answers with it), or sent
     * privately to the account by the desk (the caller reads it back on a call).
     */
    delivery: z.enum(['voice', 'private-message']),
    /** The live call the code is read out on: the proof then binds that call's number. */
    callId: z.string().min(1).max(64).optional(),
    /** The account that must answer (a claim's DID); without it, whichever account holds the handle. */
    did: z.string().startsWith('did:').max(2048).optional(),
  })
  .strict();
export type StartVerification = z.infer<typeof StartVerification>;

export const PendingVerification = z.object({
  verificationId: z.string(),
  customerId: z.string(),
  network: z.string(),
  handle: z.string(),
  delivery: z.enum(['voice', 'private-message']),
  /** Short and easy to read out: digits only. */
  code: z.string(),
  /** E.164 of the call the code was read out on; null when it was not given on a call. */
  phone: z.string().nullable(),
  /** The account that must answer; null until known (a voice code for an agent-recorded handle). */
  did: z.string().nullable(),
  expiresAt: z.number(),
});
export type PendingVerification = z.infer<typeof PendingVerification>;

/** The caller read back a code the desk sent privately; the agent typed it in during a call. */
export const ConfirmVerificationCode = z
  .object({
    verificationId: z.string().min(1).max(64),
    /** As typed: separators allowed ("843 261"). */
    code: z.string().min(1).max(32),
    /** The live call it was read back on: the proof binds that call's number. */
    callId: z.string().min(1).max(64),
  })
  .strict();
export type ConfirmVerificationCode = z.infer<typeof ConfirmVerificationCode>;

export const CONFIRM_OUTCOMES = ['proven', 'wrong-code', 'no-call', 'expired'] as const;
export const ConfirmOutcome = z.object({ outcome: z.enum(CONFIRM_OUTCOMES) });
export type ConfirmOutcome = z.infer<typeof ConfirmOutcome>;

/** Proof arrived: a one-time code travelled between the account (by DID, not just handle) and, when bound, a phone number. */
export const IdentityProven = z.object({
  verificationId: z.string(),
  customerId: z.string(),
  network: z.string(),
  handle: z.string(),
  did: z.string(),
  method: VerificationMethod,
  /** E.164 of the call the code went through; null when it was not given on a call. */
  phone: z.string().nullable(),
  /** The post or message that carried the code, or `call:<callId>` for a code read back on a call. */
  evidenceUri: z.string(),
  at: z.number(),
});
export type IdentityProven = z.infer<typeof IdentityProven>;

/** An account sent a phone number privately: a claim to be that number's customer, never proof. */
export const IdentityClaimed = z.object({
  network: z.string(),
  handle: z.string(),
  did: z.string(),
  /** E.164. */
  phone: z.string(),
  /** The private message that carried it. */
  evidenceUri: z.string(),
  at: z.number(),
});
export type IdentityClaimed = z.infer<typeof IdentityClaimed>;
