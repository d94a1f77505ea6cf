import { describe, expect, it } from 'vitest';
import { ok, type AlertNotice } from '@tandem/contract';
import { raiseAlertNotification, type NotificationHost } from '../../../renderer/src/supervisor/alertNotifications';
import { step } from '../../integration/support/step';
import { createFakeHost } from '../renderer/fakeHost';

// Issue 16, item 4: each alert is also a desktop notification — main's (Electron) or the page's (browser host).

const NOTICE: AlertNotice = { kind: 'complaint', conversationId: 'at://lucia/1', party: 'sip:+12125550123@127.0.0.1' };
const WORDS = { title: 'Complaint on a live call', body: '+12125550123@127.0.0.1 is on a call and has an open negative post (@lucia.test): “worst service”' };

/** The browser's Notification, recording what the page showed. */
function recordingNotifications(permission: NotificationPermission) {
  const shown: Array<{ title: string; options: NotificationOptions | undefined }> = [];
  const Fake = function (this: unknown, title: string, options?: NotificationOptions) {
    shown.push({ title, options });
  } as unknown as NotificationHost;
  Object.defineProperty(Fake, 'permission', { value: permission });
  return { Fake, shown };
}

function mainAnswering(words: typeof WORDS | null) {
  return createFakeHost({ answers: { 'supervisor:notifyAlert': () => ok(words) } });
}

describe('a supervisor alert reaches the desktop once, through the shell that can show it', () => {
  it('browser host, notifications allowed: the page shows main’s words with the browser’s Notification', async () => {
    const host = mainAnswering(WORDS);
    const page = recordingNotifications('granted');
    await raiseAlertNotification(host.api, NOTICE, 'c1', 'web', page.Fake);
    await step('main was asked with ids only, and the page showed its words, tagged by the alert', () => {
      expect(host.requests.filter(({ channel }) => channel === 'supervisor:notifyAlert').map(({ payload }) => payload)).toEqual([NOTICE]);
      expect(page.shown).toEqual([{ title: WORDS.title, options: { body: WORDS.body, tag: 'tandem-alert-c1' } }]);
    });
  });

  it('Electron: main showed it through the OS; the page adds none', async () => {
    const host = mainAnswering(WORDS);
    const page = recordingNotifications('granted');
    await raiseAlertNotification(host.api, NOTICE, 'c1', 'electron', page.Fake);
    expect(host.requests.some(({ channel }) => channel === 'supervisor:notifyAlert')).toBe(true);
    expect(page.shown).toEqual([]);
  });

  it('browser host without permission, or an alert main already raised: nothing is shown', async () => {
    const notAllowed = recordingNotifications('default');
    await raiseAlertNotification(mainAnswering(WORDS).api, NOTICE, 'c1', 'web', notAllowed.Fake);
    const raisedBefore = recordingNotifications('granted');
    await raiseAlertNotification(mainAnswering(null).api, NOTICE, 'c1', 'web', raisedBefore.Fake);
    expect([...notAllowed.shown, ...raisedBefore.shown]).toEqual([]);
  });
});
