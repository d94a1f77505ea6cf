import type { NotificationConstructorOptions } from 'electron';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { silentLogger, type Logger } from '../../../main/core/log/logger';
import { createElectronNotifier, type NotificationClass } from '../../../main/electron/electronNotifier';

/** Electron's main-process Notification, reduced to what the notifier touches; it records what reached the OS. */
function fakeElectronNotifications(supported = true) {
  const created: FakeNotification[] = [];
  class FakeNotification extends EventEmitter {
    static isSupported = () => supported;
    shown = false;
    closed = false;
    constructor(readonly options: NotificationConstructorOptions) {
      super();
      created.push(this);
    }
    show() {
      this.shown = true;
    }
    close() {
      this.closed = true;
    }
  }
  const Notifications: NotificationClass = FakeNotification;
  return { Notifications, created };
}

describe('call alerts through Electron’s Notification', () => {
  it('shows the alert on the desktop, silent and until the call stops ringing, and a click focuses the window', () => {
    const { Notifications, created } = fakeElectronNotifications();
    const focused: string[] = [];
    const notifier = createElectronNotifier(Notifications, 'darwin', silentLogger);

    // Step 1: main shows the alert.
    const alert = notifier.show({ title: 'Incoming call', body: 'Call from Lucía Fernández (+34600111222)', onClick: () => void focused.push('focus') });
    expect(created).toHaveLength(1);
    expect(created[0]?.shown).toBe(true);
    expect(created[0]?.options).toMatchObject({ title: 'Incoming call', body: 'Call from Lucía Fernández (+34600111222)', silent: true, timeoutType: 'never' });

    // Step 2: the agent clicks it.
    created[0]?.emit('click');
    expect(focused).toEqual(['focus']);

    // Step 3: closing after the click is harmless and does not reach the OS twice.
    alert.close();
    expect(created[0]?.closed).toBe(false);
  });

  it('takes the alert off the screen when main closes it', () => {
    const { Notifications, created } = fakeElectronNotifications();
    const alert = createElectronNotifier(Notifications, 'win32', silentLogger).show({ title: 't', body: 'b', onClick: () => undefined });
    alert.close();
    expect(created[0]?.closed).toBe(true);
  });

  it('on Linux, a caller name cannot turn into a link or an image in the notification', () => {
    const { Notifications, created } = fakeElectronNotifications();
    createElectronNotifier(Notifications, 'linux', silentLogger).show({
      title: 'Incoming call',
      body: 'Call from <a href="https://evil.example">Your bank</a> & <img src="https://evil.example/t.png">',
      onClick: () => undefined,
    });
    expect(created[0]?.options.body).toBe(
      'Call from &lt;a href="https://evil.example"&gt;Your bank&lt;/a&gt; &amp; &lt;img src="https://evil.example/t.png"&gt;',
    );
  });

  it('on a desktop without notifications, says so once and lets the desk ring on its own', () => {
    const { Notifications, created } = fakeElectronNotifications(false);
    const warnings: string[] = [];
    const log: Logger = { ...silentLogger, warn: (message) => void warnings.push(message) };
    const notifier = createElectronNotifier(Notifications, 'linux', log);
    notifier.show({ title: 't', body: 'b', onClick: () => undefined }).close();
    notifier.show({ title: 't', body: 'b', onClick: () => undefined });
    expect(created).toEqual([]);
    expect(warnings).toHaveLength(1);
  });
});
