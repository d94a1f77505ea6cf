import { describe, expect, it } from 'vitest';
import { contextProblemReporter, STORAGE_ERROR, type ContextProblem } from '../../../renderer/src/context/contextProblem';
import { liveContextCall } from '../../../renderer/src/context/contextSelectors';
import { defaultRegionOf, profileAccountOf } from '../../../renderer/src/settings/settingsSelectors';
import { defaultSettings } from '../renderer/fakeHost';
import { carlaCalls } from './contextFakes';

describe('what the context parts read from the store', () => {
  it('phone numbers are read in the SIP account’s region; without one only international numbers parse', () => {
    const settings = defaultSettings();
    expect(defaultRegionOf({ settings: null })).toBe('ZZ');
    expect(
      defaultRegionOf({
        settings: {
          ...settings,
          sip: { server: 'wss://pbx.test', uri: 'sip:1@pbx.test', authorizationUser: '1', displayName: '', defaultRegion: 'ES', hasPassword: true },
        },
      }),
    ).toBe('ES');
  });

  it('profiles are fetched through the first Bluesky account configured, if any', () => {
    const settings = defaultSettings();
    expect(profileAccountOf({ settings: { ...settings, social: [] } })).toBeNull();
    expect(
      profileAccountOf({ settings: { ...settings, social: [{ network: 'bluesky', service: 'https://pds.test', handle: 'acme.test', hasAppPassword: true }] } }),
    ).toBe('bluesky:acme.test');
  });

  it('only an answered call that is not over binds a verification code', () => {
    const ringing = carlaCalls();
    const answered = { ...ringing, state: 'active' as const, answeredAt: Date.now() };
    expect(liveContextCall({ contextCall: null })).toBeNull();
    expect(liveContextCall({ contextCall: ringing })).toBeNull();
    expect(liveContextCall({ contextCall: answered })).toBe(answered);
    expect(liveContextCall({ contextCall: { ...answered, state: 'ended', endedAt: Date.now() } })).toBeNull();
  });
});

describe('the context problem', () => {
  it('storage work that fails becomes the panel’s problem, never a rejection', async () => {
    const shown: ContextProblem[] = [];
    const { guarded } = contextProblemReporter(({ contextProblem }) => shown.push(contextProblem));

    expect(await guarded('save', () => Promise.resolve('written'))).toBe('written');
    expect(shown).toEqual([]);
    expect(await guarded('save', () => Promise.reject(new Error('QuotaExceededError')))).toBeUndefined();
    expect(shown).toEqual([{ operation: 'save', error: STORAGE_ERROR }]);
  });

  it('a failure main reported is shown with main’s error', () => {
    const shown: ContextProblem[] = [];
    const { fail } = contextProblemReporter(({ contextProblem }) => shown.push(contextProblem));
    fail('verify', { code: 'unavailable', messageKey: 'errors.noBridge' });
    expect(shown).toEqual([{ operation: 'verify', error: { code: 'unavailable', messageKey: 'errors.noBridge' } }]);
  });
});
