import type { AlertNotice, AppInfo, TandemApi } from '@tandem/contract';
import { callTandem } from '../tandemClient';

/** The page's `Notification` constructor (tests pass a fake). */
export type NotificationHost = Pick<typeof Notification, 'permission'> & (new (title: string, options?: NotificationOptions) => Notification);

/** The page's `Notification`, where the page has one. */
export const pageNotifications = (): NotificationHost | null => (typeof Notification === 'function' ? Notification : null);

/**
 * Raises one supervisor alert as a desktop notification (issue 16, item 4).
 * Main writes the words (in the supervisor's language, sanitised) and shows
 * them through the shell's notifier: in Electron that is the OS notification
 * and the page adds nothing (its own `Notification` is denied there). The
 * browser host's notifier shows nothing from main, which may run far from the
 * supervisor's screen: there the page shows main's words with the browser's
 * `Notification`, once the supervisor allowed it (AlertNotificationsPrompt).
 * A platform that refuses page notifications still has the Alerts region.
 */
export async function raiseAlertNotification(
  api: TandemApi | undefined,
  notice: AlertNotice,
  key: string,
  shell: AppInfo['shell'] | undefined,
  notifications: NotificationHost | null = pageNotifications(),
): Promise<void> {
  const result = await callTandem(api, (tandem) => tandem.notifyAlert(notice));
  if (!result.ok || result.value === null) return;
  if (shell !== 'web' || notifications?.permission !== 'granted') return;
  try {
    // Plain text by definition: the post's words are never markup here.
    new notifications(result.value.title, { body: result.value.body, tag: `tandem-alert-${key}` });
  } catch {
    // Some platforms refuse page notifications: the Alerts region still shows the alert.
  }
}
