import { describe, expect, it } from 'vitest';
import type { QueueConversation } from '@tandem/contract';
import type { DesktopAlert } from '../../../main/core/alerts/desktopNotifier';
import { createMainTranslator } from '../../../main/core/i18n/mainI18n';
import { silentLogger } from '../../../main/core/log/logger';
import { SupervisorAlertNotifier, type SupervisorAlertNotifierOptions } from '../../../main/core/supervisor/alertsNotifier';
import { queuedPost } from './queueFakes';

// A bidi override in the post: the notification must not carry it (sanitised in main).
const LUCIA: QueueConversation = queuedPost(0, {
  authorName: 'Lucía',
  authorFollowers: 1234,
  text: 'worst service ever\u202E <b>reversed</b>',
  langs: [],
  phones: ['+12125550123'],
});

async function notifierOptions(shown: DesktopAlert[], language: 'en' | 'fr' = 'en'): Promise<SupervisorAlertNotifierOptions> {
  return {
    notifier: {
      show: (alert) => {
        shown.push(alert);
        return { close: () => undefined };
      },
    },
    i18n: await createMainTranslator(language),
    focusWindow: () => undefined,
    conversation: (id) => (id === LUCIA.id ? LUCIA : undefined),
    log: silentLogger,
  };
}

async function notifierWith(shown: DesktopAlert[], language: 'en' | 'fr' = 'en') {
  return new SupervisorAlertNotifier(await notifierOptions(shown, language));
}

describe("the supervisor's alerts as desktop notifications", () => {
  it('a complaint alert names the caller, the handle and reach, quotes the post as sanitised text, once per call', async () => {
    const shown: DesktopAlert[] = [];
    const notifier = await notifierWith(shown);
    const answered = notifier.notify({ kind: 'complaint', conversationId: LUCIA.id, party: 'sip:2125550123@127.0.0.1' });
    // The same words go back to the page, which shows them itself in the browser host; asked again, nothing.
    expect(notifier.notify({ kind: 'complaint', conversationId: LUCIA.id, party: 'sip:2125550123@127.0.0.1' })).toBeNull();
    expect(shown).toHaveLength(1);
    expect(answered).toEqual({ title: shown[0]?.title, body: shown[0]?.body });
    expect(shown[0]?.title).toBe('Complaint on a live call');
    // No customer of the team's is verified as the author: the caller's number, without the SIP server's host.
    expect(shown[0]?.body).toMatch(/^2125550123 is on a call/);
    expect(shown[0]?.body).toContain('@lucia.test, 1,234 followers');
    expect(shown[0]?.body).not.toContain('\u202E');
  });

  it('a caller the team knows is named by the team’s name for the customer', async () => {
    const shown: DesktopAlert[] = [];
    const notifier = new SupervisorAlertNotifier({
      ...(await notifierOptions(shown)),
      conversation: (id) => (id === LUCIA.id ? { ...LUCIA, customerName: 'Lucía Fernández' } : undefined),
    });
    notifier.notify({ kind: 'complaint', conversationId: LUCIA.id, party: 'sip:2125550123@127.0.0.1' });
    expect(shown[0]?.body).toMatch(/^Lucía Fernández is on a call/);
    expect(shown[0]?.body).not.toContain('127.0.0.1');
  });

  it('a conversation gone from the queue raises nothing; a spike raises one in the supervisor’s language', async () => {
    const shown: DesktopAlert[] = [];
    const notifier = await notifierWith(shown, 'fr');
    notifier.notify({ kind: 'complaint', conversationId: 'at://gone/1', party: 'sip:1@x' });
    notifier.notify({ kind: 'spike', intervalStart: 900_000 });
    expect(shown.map((alert) => alert.title)).toEqual(['Pic de mentions']);
  });
});
