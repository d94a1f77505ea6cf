import { SessionState, UserAgent, type Session, type URI } from 'sip.js';

/** A SIP URI sip.js can dial; throws on text it cannot parse (a test's own typo). */
export function sipUri(text: string): URI {
  const uri = UserAgent.makeURI(text);
  if (uri === undefined) throw new Error(`bad URI ${text}`);
  return uri;
}

/** Resolves when the session reaches `state`; rejects if it terminates first or on timeout. */
export function sessionReaches(session: Session, state: SessionState, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (session.state === state) {
      resolve();
      return;
    }
    const timer = setTimeout(() => {
      session.stateChange.removeListener(listener);
      reject(new Error(`session stayed ${session.state}, expected ${state}`));
    }, timeoutMs);
    const listener = (next: SessionState): void => {
      if (next === state) {
        clearTimeout(timer);
        session.stateChange.removeListener(listener);
        resolve();
      } else if (next === SessionState.Terminated) {
        clearTimeout(timer);
        session.stateChange.removeListener(listener);
        reject(new Error(`session terminated while waiting for ${state}`));
      }
    };
    session.stateChange.addListener(listener);
  });
}
