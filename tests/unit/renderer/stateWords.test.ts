import { describe, expect, it } from 'vitest';
import { CONNECTOR_STATES, REGISTRATION_STATES, TEAM_STATES } from '@tandem/contract';
import en from '../../../renderer/src/i18n/locales/en.json';
import { phoneWord, retryCountdown, socialWord, teamWord, TONE_OF } from '../../../renderer/src/ui/stateWords';

const word = (key: string) => en.states.word[key as keyof typeof en.states.word];

describe('one vocabulary for the desk’s links', () => {
  it('the phone line reads Registered, Connecting…, Retrying…, never a word of its own', () => {
    expect(REGISTRATION_STATES.map((state) => word(phoneWord(state, 'offline', true)))).toEqual([
      'Not set up',
      'Signed out',
      'Connecting…',
      'Connecting…',
      'Registered',
      'Retrying',
      'Password rejected',
      'Certificate not trusted',
      'Signing out…',
    ]);
  });

  it('before the registration is known, main’s summary stands in; a seat without a line is "Not set up"', () => {
    expect(word(phoneWord(null, 'online', true))).toBe('Registered');
    expect(word(phoneWord(null, 'connecting', true))).toBe('Connecting…');
    expect(word(phoneWord(null, 'offline', true))).toBe('Offline');
    expect(word(phoneWord('registered', 'online', false))).toBe('Not set up');
  });

  it('a social account reads Live, Connecting…, Retrying, Offline or Password rejected', () => {
    expect(CONNECTOR_STATES.map((state) => word(socialWord(state)))).toEqual(['Offline', 'Connecting…', 'Live', 'Retrying', 'Password rejected']);
  });

  it('the team reads Connecting…, Connected or Offline, and a solo desk has no word', () => {
    expect(TEAM_STATES.map((state) => teamWord(state))).toEqual([null, 'connecting', 'connected', 'offline']);
  });

  it('the same word means the same thing everywhere: one tone per word', () => {
    expect(TONE_OF[phoneWord('backoff', 'connecting', true)]).toBe(TONE_OF[socialWord('backoff')]);
    expect(TONE_OF[phoneWord('connecting', 'connecting', true)]).toBe(TONE_OF[teamWord('connecting')!]);
  });

  it('only a due retry counts down; nothing else ticks', () => {
    expect(retryCountdown('retrying', 10_000, 5_000)).toBe(5_000);
    expect(retryCountdown('retrying', 10_000, 12_000)).toBe(0);
    // Whole seconds of the clock: the last second before an attempt at 10.4 s reads 0:01, never 0:00, and its own second "now".
    expect(retryCountdown('retrying', 10_400, 9_000)).toBe(1_000);
    expect(retryCountdown('retrying', 10_400, 9_700)).toBe(1_000);
    expect(retryCountdown('retrying', 10_400, 10_000)).toBe(0);
    expect(retryCountdown('retrying', 10_000, 5_001)).toBe(5_000);
    expect(retryCountdown('retrying', null, 5_000)).toBeNull();
    expect(retryCountdown('registered', 10_000, 5_000)).toBeNull();
  });
});
