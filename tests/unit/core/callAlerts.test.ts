import { afterEach, describe, expect, it } from 'vitest';
import type { CallInfo } from '@tandem/contract';
import type { DesktopAlert, DesktopNotifier } from '../../../main/core/alerts/desktopNotifier';
import { createCore, type Core } from '../../../main/core/app/createCore';
import { silentLogger } from '../../../main/core/log/logger';
import { Profile } from '../../../main/core/profile/profileSchema';
import { MemorySecretStore } from '../../../main/core/secrets/secretStore';
import { MemoryPreferencesStore } from '../../../main/core/settings/preferencesStore';

/** The OS notification server, as main's call alerts see it: what is on screen, and a way to click it. */
function fakeNotifier() {
  const screen: (DesktopAlert & { open: boolean })[] = [];
  const notifier: DesktopNotifier = {
    show(alert) {
      const shown = { ...alert, open: true };
      screen.push(shown);
      return { close: () => void (shown.open = false) };
    },
  };
  return { notifier, screen, open: () => screen.filter((alert) => alert.open) };
}

const ringing = (overrides: Partial<CallInfo> = {}): CallInfo => ({
  id: 'call-1',
  direction: 'inbound',
  state: 'ringing',
  remote: { uri: 'sip:+34600111222@example.com', displayName: 'Lucía Fernández', number: '+34600111222' },
  startedAt: Date.now(),
  answeredAt: null,
  endedAt: null,
  heldAt: null,
  muted: false,
  consultFor: null,
  outcome: null,
  reasonKey: null,
  ...overrides,
});

let core: Core | undefined;
afterEach(async () => {
  await core?.dispose();
  core = undefined;
});

/** Main's services as the desktop shell builds them, with the fake notifier and a window that counts its focus. */
async function desktopCore(language: 'en' | 'es' = 'en') {
  const os = fakeNotifier();
  const focused: string[] = [];
  core = await createCore({
    profile: Profile.parse({ language }),
    secrets: new MemorySecretStore(),
    preferences: new MemoryPreferencesStore(),
    shell: 'electron',
    version: '0.0.0-test',
    log: silentLogger,
    desktopAlerts: { notifier: os.notifier, focusWindow: () => void focused.push('focus') },
  });
  return { core, os, focused };
}

describe('call alerts raised by main', () => {
  it('a call rings while the desk is behind another app: the OS shows who is calling, and the click brings the desk forward', async () => {
    const { core, os, focused } = await desktopCore();

    // Step 1: the softphone announces a ringing inbound call.
    core.events.emit('softphone:call', ringing());
    expect(os.open().map(({ title, body }) => ({ title, body }))).toEqual([{ title: 'Incoming call', body: 'Call from Lucía Fernández (+34600111222)' }]);

    // Step 2: the same call's next update does not stack a second alert.
    core.events.emit('softphone:call', ringing({ muted: true }));
    expect(os.screen).toHaveLength(1);

    // Step 3: the agent clicks it: the window comes forward and the alert goes.
    os.screen[0]?.onClick();
    expect(focused).toEqual(['focus']);
    expect(os.open()).toEqual([]);
  });

  it('the alert goes away by itself once the call stops ringing', async () => {
    const { core, os } = await desktopCore();
    core.events.emit('softphone:call', ringing());
    core.events.emit('softphone:call', ringing({ state: 'active', answeredAt: Date.now() }));
    expect(os.open()).toEqual([]);
  });

  it('speaks the agent’s language', async () => {
    const { core, os } = await desktopCore('es');
    core.events.emit('softphone:call', ringing());
    expect(os.open()[0]).toMatchObject({ title: 'Llamada entrante', body: 'Llamada de Lucía Fernández (+34600111222)' });
  });

  it('never alerts for calls the agent makes, nor for calls already answered', async () => {
    const { core, os } = await desktopCore();
    core.events.emit('softphone:call', ringing({ id: 'out', direction: 'outbound', state: 'dialing' }));
    core.events.emit('softphone:call', ringing({ id: 'active', state: 'active' }));
    expect(os.screen).toEqual([]);
  });

  it('a hostile caller name reaches the OS as one short line of text, without controls or bidi overrides', async () => {
    const { core, os } = await desktopCore();
    const spoof = `Bank\u202Egnp.exe\nsecond line\u0007${'x'.repeat(400)}`;
    core.events.emit('softphone:call', ringing({ remote: { uri: 'sip:evil@example.com', displayName: spoof, number: null } }));
    const body = os.open()[0]?.body ?? '';
    expect(body).toMatch(/^Call from Bankgnp\.exe second linex+…? \(evil@example\.com\)$/);
    expect([...body].filter((char) => char < ' ' || (char >= '\u202a' && char <= '\u202e'))).toEqual([]);
    expect(body.length).toBeLessThan(200);
  });
});
