import type { EventName } from './events';

/**
 * Every event's name, without its schema: what a bridge checks a message's name against
 * (the Electron preload) without building the contract's schemas. `satisfies` holds it to the
 * event table in `events.ts`: a name missing here or not there does not compile.
 */
const eventNames = {
  'app:connected': true,
  'settings:changed': true,
  'connection:state': true,
  'dial:requested': true,
  'softphone:registration': true,
  'softphone:call': true,
  'softphone:transferRequest': true,
  'media:request': true,
  'social:connector': true,
  'social:items': true,
  'social:outbox': true,
  'identity:proven': true,
  'identity:claimed': true,
  'team:status': true,
  'availability:changed': true,
  'supervisor:board': true,
  'supervisor:queue': true,
  'team:conversation': true,
  'team:viewing': true,
  'shortcut:pressed': true,
  'team:rows': true,
  'team:directory': true,
} as const satisfies Record<EventName, true>;

export const isEventName = (value: unknown): value is EventName => typeof value === 'string' && Object.hasOwn(eventNames, value);
