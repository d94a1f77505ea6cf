import type { CallInfo } from '@tandem/contract';
import type { EventBus } from '../events/eventBus';
import type { MainTranslator } from '../i18n/mainI18n';
import type { Logger } from '../log/logger';
import { sanitiseText } from '../softphone/calls/party';
import type { DesktopNotifier, ShownAlert } from './desktopNotifier';

const isRinging = (call: CallInfo): boolean => call.direction === 'inbound' && call.state === 'ringing';

/** A caller's number or address is shorter than any name we show; this caps what a hostile From can put on screen. */
const MAX_ADDRESS_CHARS = 64;

/**
 * "Ana Ruiz (+34600111222)", or just the number or address. The party was
 * sanitised when the INVITE arrived; it is sanitised again here because this
 * text leaves the app for the OS's notification server.
 */
export function callerText(remote: CallInfo['remote']): string {
  const name = sanitiseText(remote.displayName);
  const address = sanitiseText(remote.number ?? remote.uri.replace(/^sips?:/i, ''), MAX_ADDRESS_CHARS);
  if (name === '') return address;
  return address === '' ? name : `${name} (${address})`;
}

export interface CallAlertsOptions {
  readonly events: EventBus;
  readonly i18n: Pick<MainTranslator, 't'>;
  readonly notifier: DesktopNotifier;
  /** Brings the desk window forward; the click on an alert does this. */
  readonly focusWindow: () => void;
  readonly log: Logger;
}

/**
 * One OS notification per ringing inbound call, raised by main from the
 * softphone's own `softphone:call` events, so it shows even when no page
 * could (a hidden or reloading window, and in Electron, where our permission
 * policy denies page notifications). It closes as soon as the call stops
 * ringing (answered, declined, cancelled); clicking it brings the window
 * forward. Title and body come from main's translator, in the agent's language.
 */
export class CallAlerts {
  readonly #shown = new Map<string, ShownAlert>();
  readonly #unsubscribe: () => void;

  constructor(private readonly options: CallAlertsOptions) {
    this.#unsubscribe = options.events.on('softphone:call', (call) => this.#callChanged(call));
  }

  #callChanged(call: CallInfo): void {
    const shown = this.#shown.get(call.id);
    if (!isRinging(call)) {
      shown?.close();
      this.#shown.delete(call.id);
      return;
    }
    if (shown !== undefined) return;
    const { i18n, notifier, focusWindow } = this.options;
    try {
      const alert = notifier.show({
        title: i18n.t('notifications.incomingCall'),
        body: i18n.t('notifications.incomingCallFrom', { caller: callerText(call.remote) }),
        onClick: () => {
          focusWindow();
          this.#shown.get(call.id)?.close();
          this.#shown.delete(call.id);
        },
      });
      this.#shown.set(call.id, alert);
    } catch (error) {
      // No notification server (a bare X session, a locked-down desktop): the desk still rings.
      this.options.log.warn('could not show a call alert', { error: error instanceof Error ? error.message : String(error) });
    }
  }

  dispose(): void {
    this.#unsubscribe();
    for (const alert of this.#shown.values()) alert.close();
    this.#shown.clear();
  }
}
