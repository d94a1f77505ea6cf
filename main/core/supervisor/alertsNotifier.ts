import { sipUserPart, type AlertNotice, type AlertText, type QueueConversation } from '@tandem/contract';
import type { DesktopNotifier, ShownAlert } from '../alerts/desktopNotifier';
import type { MainTranslator } from '../i18n/mainI18n';
import type { Logger } from '../log/logger';
import { sanitiseText } from '../softphone/calls/party';

/** How much of the customer's post the notification quotes: the Alerts region shows it whole. */
const QUOTED_CHARS = 120;
/** Notices remembered so a page that asks twice (a reload) raises one notification. */
const REMEMBERED = 200;

export interface SupervisorAlertNotifierOptions {
  readonly notifier: DesktopNotifier;
  readonly i18n: Pick<MainTranslator, 't' | 'language'>;
  readonly focusWindow: () => void;
  /** The conversation as the queue last read it: the notification's words come from the database, not from the page. */
  readonly conversation: (id: string) => QueueConversation | undefined;
  readonly log: Logger;
}

/**
 * The supervisor's alerts as desktop notifications (issue 16, item 4), through
 * the shell's notifier (Electron's `Notification`; the browser host's shows
 * none from main). The page decides what is an alert (it reads sentiment with
 * the inbox's reader) and sends only ids and figures; main writes the text in
 * the supervisor's language, sanitised, because it leaves the app for the OS,
 * and answers it, so the browser host's page shows the same words with the
 * browser's `Notification` (renderer/src/supervisor/alertNotifications.ts).
 */
export class SupervisorAlertNotifier {
  readonly #shown = new Map<string, ShownAlert>();

  constructor(private readonly options: SupervisorAlertNotifierOptions) {}

  /** The words shown, once per alert; null when it was raised before or has nothing left to say. */
  notify(notice: AlertNotice): AlertText | null {
    const key = notice.kind === 'complaint' ? `complaint:${notice.conversationId}:${notice.party}` : `spike:${String(notice.intervalStart)}`;
    if (this.#shown.has(key)) return null;
    const text = this.#text(notice);
    if (text === undefined) return null;
    try {
      const shown = this.options.notifier.show({ ...text, onClick: () => this.options.focusWindow() });
      this.#shown.set(key, shown);
      if (this.#shown.size > REMEMBERED) {
        const oldest = this.#shown.keys().next().value;
        if (oldest !== undefined) this.#shown.delete(oldest);
      }
    } catch (error) {
      // No notification server: the Alerts region still shows it.
      this.options.log.warn('could not show a supervisor alert', { error: error instanceof Error ? error.message : String(error) });
    }
    return text;
  }

  dispose(): void {
    for (const shown of this.#shown.values()) shown.close();
    this.#shown.clear();
  }

  #text(notice: AlertNotice): { title: string; body: string } | undefined {
    const { t, language } = this.options.i18n;
    if (notice.kind === 'spike') {
      return { title: t('supervisorAlerts.spikeTitle'), body: t('supervisorAlerts.spikeBody') };
    }
    const conversation = this.options.conversation(notice.conversationId);
    // Gone from the queue since the page saw it (closed): nothing left to warn about.
    if (conversation === undefined) return undefined;
    const reach = conversation.authorFollowers === null ? '' : new Intl.NumberFormat(language).format(conversation.authorFollowers);
    return {
      title: t('supervisorAlerts.complaintTitle'),
      body: t(reach === '' ? 'supervisorAlerts.complaintBody' : 'supervisorAlerts.complaintBodyReach', {
        // The team's name for the customer when it has one; else the caller's number, never the SIP server's host.
        caller: sanitiseText(conversation.customerName ?? sipUserPart(notice.party), 64),
        handle: sanitiseText(conversation.authorHandle, 64),
        followers: reach,
        post: sanitiseText(conversation.text, QUOTED_CHARS),
      }),
    };
  }
}
