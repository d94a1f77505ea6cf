import type { ConnectionState, ConnectorState, RegistrationState, TeamState } from '@tandem/contract';

/**
 * One vocabulary for the desk's links (issue 12 item 9). The header's pills
 * ("Phone: Registered · Bluesky: Live") and each panel (the phone line, the
 * social accounts, the team) name a state with the same word, from here, so
 * the agent never reads "Connecting…" in one place and "Connection lost" in
 * another for the same thing. The words are i18n keys under `states.word`.
 *
 * Every link is in one of these; `tone` says how it looks (a dot's colour),
 * never alone what it means: the word is always there.
 *
 * - `ready`: working (Registered, Live, Connected)
 * - `busy`: on its way (Connecting…, Signing out…)
 * - `retrying`: lost and trying again by itself; the only state allowed a
 *   ticking countdown ("Retrying in 5 s"), and only while a retry is due
 * - `stopped`: not working and not trying (Signed out, Offline, Not set up)
 * - `refused`: the server refused us; someone must act (Password rejected)
 */
export type StateWord =
  | 'registered'
  | 'live'
  | 'connected'
  | 'connecting'
  | 'signingOut'
  | 'retrying'
  | 'signedOut'
  | 'offline'
  | 'notSetUp'
  | 'passwordRejected'
  | 'certificateRejected';

export type StateTone = 'ready' | 'busy' | 'retrying' | 'stopped' | 'refused';

export const TONE_OF: Readonly<Record<StateWord, StateTone>> = {
  registered: 'ready',
  live: 'ready',
  connected: 'ready',
  connecting: 'busy',
  signingOut: 'busy',
  retrying: 'retrying',
  signedOut: 'stopped',
  offline: 'stopped',
  notSetUp: 'stopped',
  passwordRejected: 'refused',
  certificateRejected: 'refused',
};

const PHONE: Readonly<Record<RegistrationState, StateWord>> = {
  unconfigured: 'notSetUp',
  unregistered: 'signedOut',
  connecting: 'connecting',
  registering: 'connecting',
  registered: 'registered',
  backoff: 'retrying',
  'credentials-rejected': 'passwordRejected',
  'certificate-rejected': 'certificateRejected',
  unregistering: 'signingOut',
};

/** The phone line's word. Before the registration is known, main's one-word summary (`connection:state`) stands in. */
export function phoneWord(registration: RegistrationState | null, connection: ConnectionState, hasLine: boolean): StateWord {
  if (!hasLine) return 'notSetUp';
  if (registration !== null) return PHONE[registration];
  return connection === 'online' ? 'registered' : connection === 'connecting' ? 'connecting' : 'offline';
}

const SOCIAL: Readonly<Record<ConnectorState, StateWord>> = {
  disconnected: 'offline',
  connecting: 'connecting',
  live: 'live',
  backoff: 'retrying',
  'credentials-rejected': 'passwordRejected',
};

export const socialWord = (state: ConnectorState): StateWord => SOCIAL[state];

/** A solo desk has no team link: nothing to name. */
export function teamWord(state: TeamState): StateWord | null {
  switch (state) {
    case 'solo':
      return null;
    case 'connecting':
      return 'connecting';
    case 'connected':
      return 'connected';
    case 'offline':
      return 'offline';
  }
}

/**
 * Milliseconds until the next attempt, when the countdown may show: only
 * while retrying with an attempt due. Null otherwise (nothing ticks).
 * Counted in whole seconds of the wall clock (the second `now` is in to the
 * second the attempt falls in), as a countdown reads: the last second shows
 * "0:01" and the attempt's own second "Retrying now". A plain difference
 * against the second-rounded clock (useNow) showed "Retrying in 0:00" for
 * most of the last second.
 */
export function retryCountdown(word: StateWord, nextRetryAt: number | null, now: number): number | null {
  if (word !== 'retrying' || nextRetryAt === null) return null;
  return Math.max(0, Math.floor(nextRetryAt / 1000) - Math.floor(now / 1000)) * 1000;
}
