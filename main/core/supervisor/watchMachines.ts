import { StateMachine, type TransitionTable } from '../stateMachine';

/**
 * The supervisor's link to the SIP server's presence service, and each
 * roster member's `dialog` subscription over it (RFC 4235, RFC 6665).
 *
 * The link:
 *
 * ```txt
 *   stopped ──start()──► connecting ──transport up──► connected
 *      ▲                   │    ▲                        │
 *      │ stop()            │    │ backoff timer           │ transport dropped
 *      │ (from any)        ▼    │                        │ (server restarted, network gone)
 *      └────────────────  backoff ◄──────────────────────┘
 * ```
 *
 * One member's subscription:
 *
 * ```txt
 *   idle ──link connected──► subscribing ──first NOTIFY──► active
 *    ▲                          │   ▲                        │
 *    │ link down / removed      │   │ retry timer            │ subscription ended by the server
 *    │ (from any)               ▼   │                        │ (refresh answered 481 after a restart,
 *    └──────────────────────  retrying ◄─────────────────────┘  NOTIFY with Subscription-State: terminated)
 * ```
 *
 * "active" means: a NOTIFY of this subscription has arrived, so what the view
 * shows for the member is what the server last said. A link that drops takes
 * every subscription with it (Kamailio keeps them in memory), so every member
 * goes back to idle and subscribes afresh once the link is up again.
 */
export type WatchLinkState = 'stopped' | 'connecting' | 'connected' | 'backoff';

export const WATCH_LINK_TRANSITIONS: TransitionTable<WatchLinkState> = {
  stopped: ['connecting'],
  connecting: ['connected', 'backoff', 'stopped'],
  // A drop always waits a (jittered) backoff: a whole centre's supervisors must not hit a restarting server at once.
  connected: ['backoff', 'stopped'],
  backoff: ['connecting', 'stopped'],
};

export class WatchLinkMachine extends StateMachine<WatchLinkState> {
  constructor() {
    super('dialog watch link', WATCH_LINK_TRANSITIONS, 'stopped');
  }
}

export type MemberWatchState = 'idle' | 'subscribing' | 'active' | 'retrying';

export const MEMBER_WATCH_TRANSITIONS: TransitionTable<MemberWatchState> = {
  idle: ['subscribing'],
  // A refusal (403, 404, 489) or a timeout waits for the retry timer; it never loops at once.
  subscribing: ['active', 'retrying', 'idle'],
  active: ['retrying', 'idle'],
  retrying: ['subscribing', 'idle'],
};

export class MemberWatchMachine extends StateMachine<MemberWatchState> {
  constructor() {
    super('dialog subscription', MEMBER_WATCH_TRANSITIONS, 'idle');
  }
}
