// @vitest-environment happy-dom
import '@testing-library/jest-dom/vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SHORTCUTS, ok, type CallInfo, type PublicSettings, type RequestChannel } from '@tandem/contract';
import { openTandemDb } from '../../../renderer/src/data/db';
import type { Desk } from '../../../renderer/src/startDesk';
import { createSocialHost, socialItem, type SocialHost } from '../social-ui/socialFakes';
import { ANA_SIP, callInfo, registered } from './softphoneFakes';
import { closeDesk, renderDesk } from './deskFixture';

let desk: Desk | undefined;
let dbCounter = 0;

afterEach(closeDesk);

const CALL_ACTIONS: RequestChannel[] = [
  'softphone:answer',
  'softphone:decline',
  'softphone:hangup',
  'softphone:hold',
  'softphone:resume',
  'softphone:setMuted',
];

/** A phone-and-social seat: main accepts every call action and holds Carla's complaint in the journal. */
function seat(settings: Partial<PublicSettings> = {}): SocialHost & { sent(channel: RequestChannel): unknown[] } {
  const host = createSocialHost({
    settings: { sip: ANA_SIP, ...settings },
    answers: {
      'softphone:getState': () => ok({ registration: registered(), calls: [], transferRequests: [], ended: [], standby: null }),
      ...Object.fromEntries(CALL_ACTIONS.map((channel) => [channel, () => ok(null)])),
    },
  });
  return Object.assign(host, { sent: (channel: RequestChannel) => host.requests.filter((r) => r.channel === channel).map((r) => r.payload) });
}

/** Ana's desk with Carla's complaint open; she has started a reply. Returns the Reply box, focused. */
async function typingAReply(host: SocialHost, inbox = 'Inbox'): Promise<HTMLTextAreaElement> {
  desk = renderDesk(host, { db: openTandemDb(`tandem-shortcuts-${++dbCounter}`), media: null, notifications: null });
  await waitFor(() => expect(desk?.store.getState().settings).not.toBeNull());
  act(() => void host.deliver(socialItem({ text: '@acme.test my order arrived broken' })));
  fireEvent.click(await within(screen.getByRole('region', { name: inbox })).findByRole('button', { name: /@carla\.test/ }));
  const reply = await screen.findByRole<HTMLTextAreaElement>('textbox', { name: inbox === 'Inbox' ? 'Reply' : 'Respuesta' });
  fireEvent.change(reply, { target: { value: 'Sorry to hear' } });
  reply.focus();
  return reply;
}

/** Presses a combination such as "Alt+Shift+A" on the focused element; true when the page let the key through. */
function press(combo: string, target: Element = document.activeElement ?? document.body): boolean {
  const parts = combo.split('+');
  const key = parts.at(-1)!;
  const code = /^[A-Z]$/.test(key) ? `Key${key}` : /^[0-9]$/.test(key) ? `Digit${key}` : key;
  return fireEvent.keyDown(target, {
    key: key.toLowerCase(),
    code,
    ctrlKey: parts.includes('Ctrl'),
    altKey: parts.includes('Alt'),
    shiftKey: parts.includes('Shift'),
    metaKey: parts.includes('Meta'),
  });
}

const emit = (host: SocialHost, call: CallInfo) => act(() => host.emit('softphone:call', call));
const calls = () => within(screen.getByRole('region', { name: 'Calls' })).getByRole('list', { name: 'Current calls' });

// Each story opens a whole desk with its IndexedDB; on a shared machine the first one can take seconds.
describe('Ana works the phone from the keyboard while she types a reply', { timeout: 20_000 }, () => {
  it('Alt+Shift+A answers the call that has rung longest, and the reply keeps its text and focus', async () => {
    const host = seat();
    const reply = await typingAReply(host);
    const older = callInfo({ startedAt: Date.now() - 5_000 });
    emit(host, older);
    emit(host, callInfo({ remote: { uri: 'sip:bob@example.com', displayName: 'Bob', number: null } }));

    expect(press('Alt+Shift+A')).toBe(false);
    await waitFor(() => expect(host.sent('softphone:answer')).toEqual([{ callId: older.id }]));
    expect(reply).toHaveFocus();
    expect(reply).toHaveValue('Sorry to hear');
  });

  it('Alt+Shift+D declines the ringing call', async () => {
    const host = seat();
    await typingAReply(host);
    const ringing = callInfo();
    emit(host, ringing);

    expect(press('Alt+Shift+D')).toBe(false);
    await waitFor(() => expect(host.sent('softphone:decline')).toEqual([{ callId: ringing.id }]));
  });

  it('on a connected call, Alt+Shift+H holds, again resumes; Alt+Shift+M mutes; Alt+Shift+E hangs up', async () => {
    const host = seat();
    const reply = await typingAReply(host);
    const call = callInfo({ state: 'active', answeredAt: Date.now() });
    emit(host, call);

    press('Alt+Shift+H');
    await waitFor(() => expect(host.sent('softphone:hold')).toEqual([{ callId: call.id }]));
    emit(host, { ...call, state: 'held' });
    press('Alt+Shift+H');
    await waitFor(() => expect(host.sent('softphone:resume')).toEqual([{ callId: call.id }]));
    emit(host, call);

    press('Alt+Shift+M');
    await waitFor(() => expect(host.sent('softphone:setMuted')).toEqual([{ callId: call.id, muted: true }]));
    emit(host, { ...call, muted: true });
    press('Alt+Shift+M');
    await waitFor(() => expect(host.sent('softphone:setMuted')).toHaveLength(2));
    expect(host.sent('softphone:setMuted')[1]).toEqual({ callId: call.id, muted: false });

    press('Alt+Shift+E');
    await waitFor(() => expect(host.sent('softphone:hangup')).toEqual([{ callId: call.id }]));
    expect(reply).toHaveValue('Sorry to hear');
  });

  it('with a second call ringing, hold and hang up still act on the connected call, not the ringing one', async () => {
    const host = seat();
    await typingAReply(host);
    const talking = callInfo({ state: 'active', answeredAt: Date.now() });
    emit(host, talking);
    emit(host, callInfo());

    press('Alt+Shift+H');
    press('Alt+Shift+E');
    await waitFor(() => expect(host.sent('softphone:hangup')).toEqual([{ callId: talking.id }]));
    expect(host.sent('softphone:hold')).toEqual([{ callId: talking.id }]);
  });

  it('Alt+Shift+T opens the connected call’s transfer box with the cursor in it; Alt+Shift+N goes to the dial box', async () => {
    const host = seat();
    await typingAReply(host);
    emit(host, callInfo({ state: 'active', answeredAt: Date.now() }));

    press('Alt+Shift+T');
    const transfer = await within(calls()).findByRole('form', { name: 'Transfer this call' });
    await waitFor(() => expect(within(transfer).getByRole('combobox')).toHaveFocus());

    press('Alt+Shift+N');
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Phone number or SIP address' })).toHaveFocus());
  });

  it('a shortcut that cannot apply does nothing: Answer with nothing ringing asks main for nothing', async () => {
    const host = seat();
    const reply = await typingAReply(host);

    expect(press('Alt+Shift+A')).toBe(false);
    expect(press('Alt+Shift+E')).toBe(false);
    await act(() => Promise.resolve());
    expect(host.requests.filter((r) => CALL_ACTIONS.includes(r.channel))).toEqual([]);
    expect(reply).toHaveFocus();
  });

  it('the profile’s own combination works, and the default it replaced no longer does', async () => {
    const host = seat({ shortcuts: { ...DEFAULT_SHORTCUTS, answer: 'Ctrl+Shift+F9' } });
    await typingAReply(host);
    const ringing = callInfo();
    emit(host, ringing);

    expect(press('Alt+Shift+A')).toBe(true);
    press('Ctrl+Shift+F9');
    await waitFor(() => expect(host.sent('softphone:answer')).toEqual([{ callId: ringing.id }]));
  });

  it('the physical key counts, not the character: Alt+Shift on the A key answers whatever the layout types', async () => {
    const host = seat();
    const reply = await typingAReply(host);
    const ringing = callInfo();
    emit(host, ringing);

    // What an AZERTY keyboard sends for the key in the US "A" position held with Alt+Shift (it types "Q" there).
    fireEvent.keyDown(reply, { key: 'Q', code: 'KeyA', altKey: true, shiftKey: true });
    await waitFor(() => expect(host.sent('softphone:answer')).toEqual([{ callId: ringing.id }]));
  });
});

describe('global shortcuts (Electron)', { timeout: 20_000 }, () => {
  it('a shortcut main heard while another app had the focus acts like one pressed in the page', async () => {
    const host = seat();
    await typingAReply(host);
    const ringing = callInfo();
    emit(host, ringing);

    act(() => host.emit('shortcut:pressed', { action: 'answer' }));
    await waitFor(() => expect(host.sent('softphone:answer')).toEqual([{ callId: ringing.id }]));
    act(() => host.emit('shortcut:pressed', { action: 'focusDial' }));
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Phone number or SIP address' })).toHaveFocus());
  });
});

describe('the list of shortcuts', { timeout: 20_000 }, () => {
  const help = () => screen.queryByRole('dialog', { name: 'Keyboard shortcuts' });

  it('? typed in the reply box is just a question mark: the key goes through and no list opens', async () => {
    const reply = await typingAReply(seat());
    expect(fireEvent.keyDown(reply, { key: '?', code: 'Slash', shiftKey: true })).toBe(true);
    expect(help()).not.toBeInTheDocument();
  });

  it('? outside a text field lists every shortcut with its action; Escape closes it and the focus goes back', async () => {
    await typingAReply(seat());
    const inbox = within(screen.getByRole('region', { name: 'Inbox' })).getByRole('button', { name: /@carla\.test/ });
    inbox.focus();

    expect(fireEvent.keyDown(inbox, { key: '?', code: 'Slash', shiftKey: true })).toBe(false);
    const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    const rows = within(dialog)
      .getAllByRole('row')
      .slice(1)
      .map((row) => row.textContent);
    expect(rows).toEqual([
      'Answer the ringing callAlt+Shift+A',
      'Decline the ringing callAlt+Shift+D',
      'Hang upAlt+Shift+E',
      'Hold or resume the callAlt+Shift+H',
      'Mute or unmuteAlt+Shift+M',
      'Transfer the callAlt+Shift+T',
      'Go to the dial boxAlt+Shift+N',
      'Show this list (outside a text field)?',
    ]);
    await waitFor(() => expect(dialog).toHaveFocus());

    fireEvent.keyDown(dialog, { key: 'Escape', code: 'Escape' });
    expect(help()).not.toBeInTheDocument();
    expect(inbox).toHaveFocus();
  });

  it('the header’s Keyboard shortcuts button opens the list too, in Spanish when the desk is', async () => {
    await typingAReply(seat({ language: 'es' }), 'Bandeja de entrada');
    const button = screen.getByRole('button', { name: 'Atajos de teclado' });
    button.focus(); // as a click does in Chromium
    fireEvent.click(button);
    const dialog = await screen.findByRole('dialog', { name: 'Atajos de teclado' });
    expect(within(dialog).getByRole('rowheader', { name: 'Contestar la llamada entrante' })).toBeInTheDocument();
    expect(dialog).toHaveTextContent('Alt+Mayús+A');

    fireEvent.click(within(dialog).getByRole('button', { name: 'Cerrar' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(button).toHaveFocus();
  });
});
