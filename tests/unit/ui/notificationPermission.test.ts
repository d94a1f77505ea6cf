import { describe, expect, it } from 'vitest';
import { notificationPermission, type NotificationPage } from '../../../renderer/src/dom/notificationPermission';

/** A window as far as the question needs: its Notification (with a counted getter) and its Permissions API. */
function pageWith(options: { permission?: NotificationPermission; query?: (descriptor: { name: string }) => Promise<{ state: PermissionState }> }) {
  let getterReads = 0;
  const Notification =
    options.permission === undefined
      ? undefined
      : class {
          static get permission() {
            getterReads += 1;
            return options.permission;
          }
        };
  const query = options.query ?? (() => Promise.reject(new TypeError('no Permissions API')));
  const win = { Notification, navigator: { permissions: { query } } } as unknown as NotificationPage;
  return { win, getterReads: () => getterReads };
}

describe('the notification permission, asked without blocking the page', () => {
  it('comes from the Permissions API, and the browser’s synchronous getter is not read', async () => {
    const prompt = pageWith({ permission: 'default', query: () => Promise.resolve({ state: 'prompt' }) });
    expect(await notificationPermission(prompt.win)).toBe('default');
    expect(prompt.getterReads()).toBe(0);
    const granted = pageWith({ permission: 'granted', query: () => Promise.resolve({ state: 'granted' }) });
    expect(await notificationPermission(granted.win)).toBe('granted');
  });

  it('falls back to the getter where the Permissions API refuses the question', async () => {
    const page = pageWith({ permission: 'denied' });
    expect(await notificationPermission(page.win)).toBe('denied');
    expect(page.getterReads()).toBe(1);
  });

  it('is null on a page without notifications', async () => {
    expect(await notificationPermission(pageWith({}).win)).toBeNull();
  });
});
