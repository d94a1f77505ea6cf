/**
 * Why a media operation failed, as a short machine-readable code that main
 * can branch on (`no-dtmf-sender` makes it fall back to SIP INFO). Reasons are
 * developer detail, never shown to the agent as they are.
 */
export type MediaFailureCode = 'closed' | 'timeout' | 'no-dtmf-sender' | 'microphone-unavailable' | 'no-remote-description' | 'negotiation-failed' | 'internal';

export class MediaFailure extends Error {
  constructor(
    readonly code: MediaFailureCode,
    detail?: string,
  ) {
    super(detail === undefined ? code : `${code}: ${detail}`);
    this.name = 'MediaFailure';
  }
}

/** The contract caps a reason at 500 characters. */
export const MAX_REASON_LENGTH = 500;

/** Turns anything thrown into a reply reason: the failure code, or the DOMException name and message. */
export function failureReason(error: unknown): string {
  let reason: string;
  if (error instanceof MediaFailure) reason = error.message;
  else if (error instanceof Error) reason = `internal: ${error.name}: ${error.message}`;
  else reason = `internal: ${String(error)}`;
  return reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH - 1)}…` : reason;
}
