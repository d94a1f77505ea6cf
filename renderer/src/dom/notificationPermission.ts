/** What the question needs of a page (tests pass their own). */
export interface NotificationPage {
  readonly Notification?: Pick<typeof Notification, 'permission'>;
  readonly navigator: Pick<Navigator, 'permissions'>;
}

/**
 * The page's notification permission, asked without blocking: Chromium
 * answers `Notification.permission` with a synchronous call to the browser
 * process, which a reload's CPU profile showed stalling the main thread for
 * tens of ms while the browser was busy. The Permissions API answers the same
 * question asynchronously; the getter is read only where that API is missing
 * or refuses the name. Null where the page has no notifications at all.
 */
export async function notificationPermission(win: NotificationPage = window): Promise<NotificationPermission | null> {
  if (win.Notification === undefined) return null;
  try {
    const status = await win.navigator.permissions.query({ name: 'notifications' });
    return status.state === 'prompt' ? 'default' : status.state;
  } catch {
    return win.Notification.permission;
  }
}
