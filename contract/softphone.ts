import * as z from 'zod';

/**
 * The softphone's half of the contract. Signalling state lives in main and is
 * mirrored to the renderer by events; media lives in the renderer and main
 * asks for it with `media:request` events answered on `media:reply`.
 */

export const REGISTRATION_STATES = [
  'unconfigured',
  'unregistered',
  'connecting',
  'registering',
  'registered',
  'backoff',
  'credentials-rejected',
  'certificate-rejected',
  'unregistering',
] as const;
export const RegistrationState = z.enum(REGISTRATION_STATES);
export type RegistrationState = z.infer<typeof RegistrationState>;

export const RegistrationStatus = z.object({
  state: RegistrationState,
  /** Epoch ms when the current binding lapses; null unless registered. */
  expiresAt: z.number().nullable(),
  /** Epoch ms of the next automatic attempt; null unless backing off. */
  nextRetryAt: z.number().nullable(),
  /** i18n key of the last problem, e.g. 'softphone.errors.transport'. */
  lastErrorKey: z.string().nullable(),
  attempt: z.number().int().nonnegative(),
  /**
   * While 'certificate-rejected': why TLS refused the server's certificate, as
   * Node names it (e.g. 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'CERT_HAS_EXPIRED').
   */
  certificateError: z
    .string()
    .regex(/^[A-Z0-9_]{1,64}$/)
    .optional(),
});
export type RegistrationStatus = z.infer<typeof RegistrationStatus>;

export const Party = z.object({
  /** The SIP URI as received, for dialling back and for lookups. */
  uri: z.string(),
  /** Sanitised (control and bidi-override characters removed) and truncated; always rendered as text. */
  displayName: z.string(),
  /** E.164 when the user part is a phone number, else null. */
  number: z.string().nullable(),
});
export type Party = z.infer<typeof Party>;

export const CALL_STATES = ['dialing', 'ringing', 'connecting', 'active', 'held', 'ending', 'ended'] as const;
export const CallState = z.enum(CALL_STATES);
export type CallState = z.infer<typeof CallState>;

export const CallOutcome = z.enum(['answered', 'missed', 'declined', 'cancelled', 'busy', 'failed', 'transferred', 'rejected']);
export type CallOutcome = z.infer<typeof CallOutcome>;

export const CallInfo = z.object({
  id: z.string(),
  direction: z.enum(['inbound', 'outbound']),
  state: CallState,
  remote: Party,
  startedAt: z.number(),
  answeredAt: z.number().nullable(),
  endedAt: z.number().nullable(),
  /** When the far end confirmed the hold (the re-INVITE's answer): the desk's hold timer counts from here. Null unless held. */
  heldAt: z.number().nullable(),
  muted: z.boolean(),
  /** Set while this call is a consultation leg of an attended transfer of another call. */
  consultFor: z.string().nullable(),
  /**
   * The social conversation the agent placed the call from ("Call now" in a taken-offline case, issue 15):
   * the call's records point to it. Absent or null for every other call.
   */
  conversationId: z.string().max(512).nullable().optional(),
  outcome: CallOutcome.nullable(),
  /** i18n key explaining a failure, e.g. 'softphone.errors.busy'. */
  reasonKey: z.string().nullable(),
});
export type CallInfo = z.infer<typeof CallInfo>;

export const CallId = z.string().min(1).max(64);
const CallRef = z.object({ callId: CallId }).strict();
export const DialTarget = z.string().trim().min(1).max(256);
export const DtmfTones = z.string().regex(/^[0-9A-D*#,]{1,32}$/);

export const softphoneRequests = {
  getState: z.object({}).strict(),
  register: z.object({}).strict(),
  unregister: z.object({}).strict(),
  dial: z.object({ target: DialTarget, conversationId: z.string().min(1).max(512).optional() }).strict(),
  callRef: CallRef,
  setMuted: z.object({ callId: CallId, muted: z.boolean() }).strict(),
  sendDtmf: z.object({ callId: CallId, tones: DtmfTones }).strict(),
  transfer: z.object({ callId: CallId, target: DialTarget }).strict(),
  completeTransfer: z.object({ callId: CallId, consultCallId: CallId }).strict(),
  answerTransferRequest: z.object({ callId: CallId, requestId: z.string().min(1).max(64), accept: z.boolean() }).strict(),
} as const;

/**
 * The far end of a call asked (REFER) to transfer the agent elsewhere and the
 * agent must consent (main/core/softphone/calls/referPolicy.ts). Sent when it
 * is asked and again when it is settled; the last one for an id wins.
 */
export const TransferRequest = z.object({
  id: z.string(),
  callId: z.string(),
  /** Scheme, user and host only (no parameters or headers); always rendered as text. */
  target: z.string(),
  /** 'asking' until the agent answers, the time runs out ('expired'), or the call ends ('withdrawn'). */
  status: z.enum(['asking', 'accepted', 'declined', 'expired', 'withdrawn']),
  /** Epoch ms when an unanswered request is declined. */
  expiresAt: z.number(),
});
export type TransferRequest = z.infer<typeof TransferRequest>;

/**
 * What a window reads when it opens or reconnects: the line, the calls, and the transfer questions still
 * waiting for the agent (a reload while one is asked must not lose it: it would expire unanswered).
 * `ended`: the calls that ended lately, oldest first, each as its last `softphone:call` said (state 'ended').
 * A window that was away when one ended (a dropped connection, a reload) heard no event for it: it writes
 * the call to its log and the customer's history from here, once (renderer/src/softphone/softphoneSlice.ts).
 * `standby`: the id of the connection main keeps ready for the next outbound call (no call has it yet).
 * With `calls` it is every id whose media main still holds: the page's media engine releases any other it
 * holds, since main's close for it went out while the window was away (renderer/src/softphone/media/mediaEngine.ts).
 */
export const SoftphoneSnapshot = z.object({
  registration: RegistrationStatus,
  calls: z.array(CallInfo),
  transferRequests: z.array(TransferRequest),
  ended: z.array(CallInfo),
  standby: z.string().nullable(),
});
export type SoftphoneSnapshot = z.infer<typeof SoftphoneSnapshot>;

// --- media: main asks, the renderer's media engine answers -----------------

export const IceServer = z.object({
  urls: z.union([z.string(), z.array(z.string())]),
  username: z.string().optional(),
  credential: z.string().optional(),
});

export const MediaOperation = z.discriminatedUnion('op', [
  /** Produce the local description: an offer, or the answer to a remote offer already applied. */
  z.object({ op: z.literal('getDescription'), hold: z.boolean(), iceRestart: z.boolean() }),
  /** Apply the remote description (offer or answer, the engine knows from its signalling state). */
  z.object({ op: z.literal('setDescription'), sdp: z.string().max(64 * 1024), hold: z.boolean() }),
  z.object({ op: z.literal('dtmf'), tones: DtmfTones }),
  z.object({ op: z.literal('mute'), muted: z.boolean() }),
  /**
   * Get a call's media ready before it is needed. A ringing inbound call: start getUserMedia and ICE gathering,
   * and with `sdp` (the INVITE's offer) also apply it and create the answer, so answering costs little (the
   * microphone is not sent and remote audio not played until that answer is asked for with `getDescription`).
   * `microphone: false`: only the connection and its ICE candidates (the next outbound call, not yet dialled).
   */
  z.object({
    op: z.literal('prepare'),
    sdp: z
      .string()
      .max(64 * 1024)
      .optional(),
    microphone: z.boolean().optional(),
  }),
  z.object({ op: z.literal('close') }),
]);
export type MediaOperation = z.infer<typeof MediaOperation>;

export const MediaRequest = z.object({
  requestId: z.string(),
  callId: z.string(),
  iceServers: z.array(IceServer),
  operation: MediaOperation,
});
export type MediaRequest = z.infer<typeof MediaRequest>;

export const MediaReply = z
  .object({
    requestId: z.string().min(1).max(64),
    result: z.discriminatedUnion('ok', [
      z
        .object({
          ok: z.literal(true),
          sdp: z
            .string()
            .max(64 * 1024)
            .optional(),
        })
        .strict(),
      z.object({ ok: z.literal(false), reason: z.string().max(500) }).strict(),
    ]),
  })
  .strict();
export type MediaReply = z.infer<typeof MediaReply>;

/** More than a page ever holds at once (its calls and the standby); a longer list is refused whole. */
export const MEDIA_HELD_MAX = 64;

/**
 * `media:ready`: the page's media engine is listening. Without `held` (a page's first connection: a new page, a
 * reload, Electron) it holds no media, and main renegotiates every live call. After a reconnect (the browser host's
 * socket dropped and came back: a new window to main, the same page) `held` lists the calls (and the standby)
 * whose media the page still holds: main makes the page their owner again and restores only what no window holds.
 */
export const MediaReady = z.object({ held: z.array(CallId).max(MEDIA_HELD_MAX).optional() }).strict();
export type MediaReady = z.infer<typeof MediaReady>;
