import type { DesktopNotifier } from '../core/alerts/desktopNotifier';

/**
 * The browser host raises no OS notification from main: the process may run
 * on a server or a VDI host far from the agent's screen, and the page shows
 * call alerts itself with the browser's `Notification`, once the agent
 * allowed it (renderer/src/components/softphone/callAlerts.ts).
 */
export const browserHostNotifier: DesktopNotifier = {
  show: () => ({ close: () => undefined }),
};
