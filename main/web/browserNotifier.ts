import type { DesktopNotifier } from '../core/alerts/desktopNotifier';

/**
 * The browser host raises no OS notification from main: the process may run
 * on a server or a VDI host far from the agent's screen, and the page shows
 * call alerts itself with the browser's `Notification`, once the agent
 * allowed it (renderer/src/softphone/callAlerts.ts), and the supervisor's
 * alerts with the words main answers (renderer/src/supervisor/alertNotifications.ts).
 */
export const browserHostNotifier: DesktopNotifier = {
  show: () => ({ close: () => undefined }),
};
