import type { RegistrationState } from '@tandem/contract';
import { StateMachine, type TransitionTable } from '../../stateMachine';

/**
 * The registration state machine. States are the contract's
 * `REGISTRATION_STATES`; every change goes through {@link RegistrationMachine.transition},
 * which throws on a move the diagram does not allow (as sip.js does in
 * `session.ts` `stateTransition()`).
 *
 * ```txt
 *   unconfigured ──(profile has SIP)──► unregistered ◄───────────────────────────┐
 *                                           │ register()                            │
 *                                           ▼                                       │
 *        ┌──────────────────────────► connecting ──(transport up)──► registering │
 *        │ timer / register() /             │ connect failed            │   │  │    │
 *        │ networkChanged()                 ▼                           │   │  │    │
 *      backoff ◄────────────────────────────┴──(timeout, 5xx, drop)─────┘   │  │    │
 *        ▲  ▲                                                              │  │    │
 *        │  └──(keepalive fails, transport drops, binding lapses)──┐  200 │  │ 401/403 after auth
 *        │                                                         │      ▼  ▼    │
 *        │                                                       registered  credentials-rejected
 *        │                                                         │  │ lapses while refreshing      │
 *        │                                                         │  └──► registering              │
 *        │                                                         │ unregister()                   │ register()
 *        │                                                         ▼                                ▼
 *        │                                                    unregistering ──► unregistered    connecting
 *
 *   connecting ──(TLS refused the server's certificate)──► certificate-rejected ──register()──► connecting
 * ```
 *
 * An untrusted certificate does not fix itself (an administrator must renew
 * it or give the desk the CA), so like a 401/403 it stops automatic retries.
 *
 * "registered" means: the last REGISTER got a 200 whose expiry has not passed
 * (RFC 3261 §10.2.4). Nothing else may claim it.
 */
export const REGISTRATION_TRANSITIONS: TransitionTable<RegistrationState> = {
  unconfigured: ['unregistered'],
  unregistered: ['connecting', 'unconfigured'],
  connecting: ['registering', 'backoff', 'certificate-rejected', 'unregistered'],
  registering: ['registered', 'backoff', 'credentials-rejected', 'unregistered'],
  // Refreshes keep "registered" while the binding is valid; a transport drop
  // or a network change reconnects (connecting), a failed refresh whose
  // binding then lapses downgrades.
  registered: ['registering', 'connecting', 'backoff', 'credentials-rejected', 'unregistering'],
  backoff: ['connecting', 'unregistered', 'unconfigured'],
  // Only an explicit register() (or a profile change) leaves this state: no retry storm.
  'credentials-rejected': ['connecting', 'unregistered', 'unconfigured'],
  // Likewise: retrying against a certificate we do not trust only repeats the refusal.
  'certificate-rejected': ['connecting', 'unregistered', 'unconfigured'],
  unregistering: ['unregistered'],
};

export { IllegalTransitionError } from '../../stateMachine';

export function canTransition(from: RegistrationState, to: RegistrationState): boolean {
  return REGISTRATION_TRANSITIONS[from].includes(to);
}

export class RegistrationMachine extends StateMachine<RegistrationState> {
  constructor(initial: RegistrationState = 'unregistered') {
    super('registration', REGISTRATION_TRANSITIONS, initial);
  }
}
