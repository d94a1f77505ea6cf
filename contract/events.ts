import * as z from 'zod';
import { ConnectionState, DialRequest, PublicSettings } from './schemas';
import { IdentityClaimed, IdentityProven } from './identity';
import { ConnectorStatus, OutboxEntry, SocialItem } from './social';
import { CallInfo, MediaRequest, RegistrationStatus, TransferRequest } from './softphone';
import { ShortcutAction } from './shortcuts';
import { TeamStatus } from './teamStatus';
import { TeamConversation, TeamViewing } from './teamQueue';
import { OwnAvailability, SupervisorBoard } from './supervisor';
import { SupervisorQueue } from './supervisorQueue';
import { TeamRowChange } from './teamHistory';
import { TeamDirectory } from './teamDirectory';

/** Everything main tells the renderer without being asked, typed by schema too. */
export const events = {
  /**
   * Sent by main to a window each time its contract connection (re)opens: the
   * browser host on every new socket, Electron when the page finishes loading.
   * A window that hears it again after startup re-reads what it may have missed.
   */
  'app:connected': z.object({}),
  'settings:changed': PublicSettings,
  'connection:state': z.object({ state: ConnectionState }),
  /** A tel:/sip: link was opened; the dial waits until a window can take it. */
  'dial:requested': DialRequest,
  'softphone:registration': RegistrationStatus,
  /** A call appeared or changed; the last one for an id wins. */
  'softphone:call': CallInfo,
  /** The far end wants to transfer a call elsewhere: the agent is asked (see TransferRequest). */
  'softphone:transferRequest': TransferRequest,
  /** Addressed, never broadcast: only the window that owns the call's media hears it (main's MediaBroker). */
  'media:request': MediaRequest,
  'social:connector': ConnectorStatus,
  /** New journal entries, in seq order; a window that misses some catches up with `social:sync`. */
  'social:items': z.object({ items: z.array(SocialItem) }),
  'social:outbox': OutboxEntry,
  /** A customer proved control of a social account; the renderer records the verified link (method and time). */
  'identity:proven': IdentityProven,
  /** An account sent a phone number privately: the renderer records it as that account's claim, unverified. */
  'identity:claimed': IdentityClaimed,
  /** The team database link changed, or the number of writes waiting for it. A solo desk never hears it (`team:getStatus` says `solo`). */
  'team:status': TeamStatus,
  // --- supervisor view (issue 16) ---
  /** The agent's availability changed (their choice, wrap-up at hang-up, or its end). */
  'availability:changed': OwnAvailability,
  /** The team board changed (a call state from the SIP server, an availability or lease from the database). Supervisor desks only. */
  'supervisor:board': SupervisorBoard,
  /** The social queue and the mention spike, read again from the team database. Supervisor desks only. */
  'supervisor:queue': SupervisorQueue,
  // Team queue (issue 11, H3).
  /** A conversation's handler, lease or status changed in the team database (on any desk, this one included). */
  'team:conversation': TeamConversation,
  /** Another agent opened or closed a conversation (this agent's own rows are not announced). */
  'team:viewing': TeamViewing,
  /** Electron only, with `globalShortcuts` in the profile: a desk shortcut was pressed while another app had the focus. */
  'shortcut:pressed': z.object({ action: ShortcutAction }),
  // --- team history (issue 11, H1) ---
  /** History rows another desk (or this one) changed, read under this agent's login; a window that missed some asks `team:rowsSince`. */
  'team:rows': z.object({ rows: z.array(TeamRowChange) }),
  // --- team directory (issue 12 item 4) ---
  /** An agent was added, renamed or given another SIP address in the team database: the whole directory again. */
  'team:directory': TeamDirectory,
} as const;

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;
export const EVENT_NAMES = Object.keys(events) as EventName[];

export { isEventName } from './eventNames';
