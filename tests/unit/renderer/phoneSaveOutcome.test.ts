import { describe, expect, it } from 'vitest';
import type { RegistrationStatus } from '@tandem/contract';
import { phoneSaveOutcome } from '../../../renderer/src/settings/phoneSaveOutcome';

/** Ana saves her phone account: the form speaks only once the server has. */
const status = (state: RegistrationStatus['state'], extra: Partial<RegistrationStatus> = {}): RegistrationStatus => ({
  state,
  expiresAt: null,
  nextRetryAt: null,
  lastErrorKey: null,
  attempt: 0,
  ...extra,
});

describe('what saving the phone account came to', () => {
  it('the status seen when she pressed Save is no answer, even "registered" (it was the old account’s)', () => {
    const before = status('registered');
    expect(phoneSaveOutcome(before, before)).toEqual({ kind: 'checking' });
  });

  it('registering is still checking; registered is the answer', () => {
    const before = status('unconfigured');
    expect(phoneSaveOutcome(before, status('registering'))).toEqual({ kind: 'checking' });
    expect(phoneSaveOutcome(before, status('registered'))).toEqual({ kind: 'registered' });
  });

  it('a refusal of the password, a refused certificate and an unreachable server each say so', () => {
    const before = status('unconfigured');
    expect(phoneSaveOutcome(before, status('credentials-rejected'))).toEqual({ kind: 'refused' });
    expect(phoneSaveOutcome(before, status('certificate-rejected', { certificateError: 'CERT_HAS_EXPIRED' }))).toEqual({
      kind: 'certificate',
      code: 'CERT_HAS_EXPIRED',
    });
    expect(phoneSaveOutcome(before, status('backoff'))).toEqual({ kind: 'unreachable' });
  });
});
