/**
 * Watches the page's real `Notification` API: every notification a page of
 * the context constructs is recorded (title and body) and then shown by the
 * browser's own constructor, unchanged. Headless Chromium may draw nothing on
 * a screen, so what the page asked the browser to show is the thing a story
 * can check. Install it before the page opens (an init script runs first in
 * every new page of the context).
 *
 *   await observeNotifications(context);
 *   const view = await context.newPage(); …
 *   await expect.poll(() => notificationsShown(view)).toContainEqual({ title: '…', body: '…' });
 */
import type { BrowserContext, Page } from '@playwright/test';

export interface ShownNotification {
  readonly title: string;
  readonly body: string;
}

const RECORD = '__tandemNotificationsShown';

export async function observeNotifications(context: BrowserContext): Promise<void> {
  await context.addInitScript((record: string) => {
    const real = window.Notification;
    // A page without the API (some platforms) has nothing to observe.
    if (typeof real !== 'function') return;
    const shown: { title: string; body: string }[] = [];
    Object.defineProperty(window, record, { value: shown });
    // A subclass, so the browser's constructor still runs (and may refuse) exactly as without the observer.
    class ObservedNotification extends real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        shown.push({ title, body: options?.body ?? '' });
      }
    }
    window.Notification = ObservedNotification;
  }, RECORD);
}

/** The notifications the page has shown so far, oldest first. */
export function notificationsShown(page: Page): Promise<ShownNotification[]> {
  return page.evaluate((record: string) => {
    const shown = (window as unknown as Record<string, unknown>)[record];
    return Array.isArray(shown) ? (shown as { title: string; body: string }[]) : [];
  }, RECORD);
}
