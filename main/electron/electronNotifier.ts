import type { Notification, NotificationConstructorOptions } from 'electron';
import type { DesktopNotifier, ShownAlert } from '../core/alerts/desktopNotifier';
import type { Logger } from '../core/log/logger';

/** One notification as the notifier drives it: shown, closed, and heard as the plain emitter it is. */
export type NotificationLike = Pick<Notification, 'show' | 'close'> & NodeJS.EventEmitter;

/** Electron's `Notification` class, reduced to what we use (main.ts passes the real one; tests a fake). */
export type NotificationClass = Pick<typeof Notification, 'isSupported'> & (new (options: NotificationConstructorOptions) => NotificationLike);

/**
 * Linux notification servers read the body as markup (the freedesktop
 * `body-markup` subset: <b>, <i>, <a href>, <img src>), and Electron passes
 * it to libnotify as is. A caller's name from the network must reach the
 * agent as text, never as a link or an image that loads from anywhere.
 */
export const escapeNotificationMarkup = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Call alerts through Electron's main-process `Notification`. The page's own
 * `Notification` is denied by our permission policy (policy.ts), so this is
 * the only way an Electron agent sees a call ringing behind another app.
 *
 * Alerts stay up until the call stops ringing (`timeoutType: 'never'`),
 * make no sound of their own (the desk already rings), and are kept
 * referenced until closed: an Electron Notification that is garbage
 * collected loses its click handler.
 */
export function createElectronNotifier(Notifications: NotificationClass, platform: NodeJS.Platform, log: Logger): DesktopNotifier {
  const open = new Set<NotificationLike>();
  let warned = false;
  return {
    show({ title, body, onClick }): ShownAlert {
      if (!Notifications.isSupported()) {
        if (!warned) log.warn('this desktop shows no notifications; calls ring in the window only');
        warned = true;
        return { close: () => undefined };
      }
      const notification = new Notifications({
        title,
        body: platform === 'linux' ? escapeNotificationMarkup(body) : body,
        silent: true,
        timeoutType: 'never',
        urgency: 'critical',
      });
      const forget = (): void => {
        open.delete(notification);
      };
      notification.on('click', () => {
        forget();
        onClick();
      });
      notification.on('close', forget);
      notification.on('failed', forget);
      open.add(notification);
      notification.show();
      return {
        close() {
          if (!open.has(notification)) return;
          forget();
          notification.close();
        },
      };
    },
  };
}
