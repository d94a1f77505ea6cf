import { z } from 'zod';

/**
 * Consent, not guessing (ARCHITECTURE.md): a social handle is linked to a
 * customer as *verified* only by proof from the customer. Main watches what
 * the connectors receive for that proof; the renderer owns the customer data
 * and records the link when main says it was proven.
 */

export const VERIFICATION_METHODS = ['code-post', 'code-message', 'phone-in-message'] as const;
export const VerificationMethod = z.enum(VERIFICATION_METHODS);
export type VerificationMethod = z.infer<typeof VerificationMethod>;

export const StartVerification = z
  .object({
    customerId: z.string().min(1).max(64),
    network: z.enum(['bluesky']),
    /** The handle the agent recorded (unverified) for this customer. */
    handle: z.string().min(1).max(253),
    /** How the agent hands the code over: read out on the call, or sent in a private message by the desk. */
    delivery: z.enum(['voice', 'private-message']),
  })
  .strict();
export type StartVerification = z.infer<typeof StartVerification>;

export const PendingVerification = z.object({
  verificationId: z.string(),
  customerId: z.string(),
  network: z.string(),
  handle: z.string(),
  /** Short and easy to read out: digits only. */
  code: z.string(),
  expiresAt: z.number(),
});
export type PendingVerification = z.infer<typeof PendingVerification>;

/** Proof arrived: the account (by DID, not just handle) sent or posted the code, or sent a phone number privately. */
export const IdentityProven = z.object({
  /** Set when the proof answers a code the desk issued; null for a phone number sent unprompted. */
  verificationId: z.string().nullable(),
  customerId: z.string().nullable(),
  network: z.string(),
  handle: z.string(),
  did: z.string(),
  method: VerificationMethod,
  /** E.164, for 'phone-in-message'. */
  phone: z.string().nullable(),
  /** The post or message that carried the proof. */
  evidenceUri: z.string(),
  at: z.number(),
});
export type IdentityProven = z.infer<typeof IdentityProven>;
