import { z } from 'zod';
import { ConnectionState, DialRequest, PublicSettings } from './schemas';
import { CallInfo, MediaRequest, RegistrationStatus } from './softphone';

/** Everything main tells the renderer without being asked, typed by schema too. */
export const events = {
  'settings:changed': PublicSettings,
  'connection:state': z.object({ state: ConnectionState }),
  /** A tel:/sip: link was opened; the dial waits until a window can take it. */
  'dial:requested': DialRequest,
  'softphone:registration': RegistrationStatus,
  /** A call appeared or changed; the last one for an id wins. */
  'softphone:call': CallInfo,
  'media:request': MediaRequest,
} as const;

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;
export const EVENT_NAMES = Object.keys(events) as EventName[];

export const isEventName = (value: unknown): value is EventName =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(events, value);
