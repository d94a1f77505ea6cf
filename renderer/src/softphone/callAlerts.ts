import type { TFunction } from 'i18next';
import type { CallInfo } from '@tandem/contract';
import { afterPopPaint, type PopHold } from '../dom/afterPopPaint';
import type { TandemStore } from '../store/store';
import { partyLines } from './partyText';

/** The page's `Notification` constructor, when there is one (tests pass a fake). */
export type NotificationHost = Pick<typeof Notification, 'permission'> & (new (title: string, options?: NotificationOptions) => Notification);

const isRinging = (call: CallInfo) => call.direction === 'inbound' && call.state === 'ringing';

/**
 * A desktop notification per ringing inbound call, closed when the call stops
 * ringing. It never asks for permission itself: the desk offers a button for
 * that (a prompt out of nowhere is both rude and blocked by browsers).
 *
 * Only in the browser host (`appInfo.shell === 'web'`): in Electron, main
 * raises the call alert itself through the OS (main/core/alerts/callAlerts.ts)
 * and the page's `Notification` is denied, so the page never adds a second one.
 */
export function bindCallAlerts(store: TandemStore, t: TFunction, notifications: NotificationHost, focusWindow: () => void, quiet?: PopHold): () => void {
  const shown = new Map<string, Notification>();

  const sync = (calls: readonly CallInfo[]) => {
    const ringing = new Set(calls.filter(isRinging).map((call) => call.id));
    for (const [id, notification] of shown) {
      if (ringing.has(id)) continue;
      notification.close();
      shown.delete(id);
    }
    const toShow = calls.filter((call) => isRinging(call) && !shown.has(call.id));
    // `permission` is read last and only for a call to show: Chromium answers it with a synchronous call to the
    // browser process, which took 76 ms of a reload's main thread when it was read on every store change.
    if (toShow.length === 0 || store.getState().appInfo?.shell !== 'web' || notifications.permission !== 'granted') return;
    for (const call of toShow) {
      const { name, address } = partyLines(call.remote);
      const caller = address === '' ? name : `${name} (${address})`;
      try {
        // The body is plain text by definition: the caller's name is never markup here.
        const notification = new notifications(t('softphone.notification.title'), {
          body: t('softphone.notification.body', { caller }),
          tag: `tandem-call-${call.id}`,
          requireInteraction: true,
        });
        notification.onclick = () => {
          focusWindow();
          notification.close();
        };
        shown.set(call.id, notification);
      } catch {
        // Some platforms refuse page notifications (Chromium on Android, locked-down desktops): the desk still rings.
      }
    }
  };

  sync(store.getState().calls);
  // The alert follows the screen pop's paint by a few milliseconds: the ring's own task stays short (afterPopPaint.ts).
  const syncSoon = afterPopPaint(quiet, () => sync(store.getState().calls));
  const unsubscribe = store.subscribe((state, previous) => {
    // The shell is known once the app's info arrives, which may be after a call started ringing.
    if (state.calls !== previous.calls || state.appInfo !== previous.appInfo) syncSoon();
  });
  return () => {
    unsubscribe();
    for (const notification of shown.values()) notification.close();
    shown.clear();
  };
}
