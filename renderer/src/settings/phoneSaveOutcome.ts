import type { RegistrationStatus } from '@tandem/contract';

/**
 * What saving the phone account came to, from the registration main reports
 * after the save: the form says "Saved." only in the server's words. Main
 * replaces the softphone when the account changes, so any status newer than
 * the one seen when the agent pressed Save is the new account's.
 *
 * - `registered`: the REGISTER got its 200;
 * - `refused`: the server answered with a refusal of the credentials (401/403
 *   after the digest), or TLS refused its certificate (`certificate`);
 * - `unreachable`: the transport failed and main is backing off;
 * - `checking`: no answer yet.
 */
export type PhoneSaveOutcome =
  | { readonly kind: 'checking' }
  | { readonly kind: 'registered' }
  | { readonly kind: 'refused' }
  | { readonly kind: 'certificate'; readonly code: string }
  | { readonly kind: 'unreachable' };

export function phoneSaveOutcome(before: RegistrationStatus | null, now: RegistrationStatus | null): PhoneSaveOutcome {
  if (now === null || now === before) return { kind: 'checking' };
  switch (now.state) {
    case 'registered':
      return { kind: 'registered' };
    case 'credentials-rejected':
      return { kind: 'refused' };
    case 'certificate-rejected':
      return { kind: 'certificate', code: now.certificateError ?? '?' };
    case 'backoff':
      return { kind: 'unreachable' };
    default:
      return { kind: 'checking' };
  }
}
