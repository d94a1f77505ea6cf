// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fail, type TransferRequest } from '@tandem/contract';
import { openTandemDb } from '../../../renderer/src/data/db';
import type { Desk, DeskOptions } from '../../../renderer/src/startDesk';
import type { FakeHost } from './fakeHost';
import { callInfo, createPhoneHost, fakeDevices, fakeNotifications, registered } from './softphoneFakes';
import { closeDesk, renderDesk } from './deskFixture';

let desk: Desk | undefined;
let dbCount = 0;

/** Opens the desk as main.tsx does, with its own call log database and no real media engine. */
function openDesk(host: FakeHost, options: DeskOptions = {}): Desk {
  Object.defineProperty(window, 'tandem', { value: host.api, configurable: true });
  dbCount += 1;
  desk = renderDesk(host, { media: null, notifications: null, db: openTandemDb(`tandem-test-${dbCount}-${Date.now()}`), ...options });
  return desk;
}

const callsRegion = () => screen.getByRole('region', { name: 'Calls' });
const lineStatus = () => screen.getByRole('status', { name: 'Phone line' });
const callList = () => within(callsRegion()).getByRole('list', { name: 'Current calls' });

afterEach(closeDesk);

describe('the phone line', () => {
  it('Ana opens the desk: the line reads Registered, the header’s word, and nothing ticks', async () => {
    openDesk(createPhoneHost({ registration: registered({ expiresAt: Date.now() + 125_000 }) }));
    await waitFor(() => expect(lineStatus()).toHaveTextContent('Registered'));
    // Issue 12 item 9: no countdown to the renewal; only a retry counts down.
    expect(lineStatus()).not.toHaveTextContent(/\d:\d\d/);
    expect(screen.getByRole('status', { name: 'Connection' })).toHaveTextContent('Phone: Registered');
  });

  it('a wrong password shows "credentials rejected" with an explanation, and a way to try again', async () => {
    const host = createPhoneHost();
    openDesk(host);
    await waitFor(() => expect(lineStatus()).toHaveTextContent('Registered'));

    act(() =>
      host.emit('softphone:registration', {
        state: 'credentials-rejected',
        expiresAt: null,
        nextRetryAt: null,
        lastErrorKey: 'softphone.errors.credentialsRejected',
        attempt: 1,
      }),
    );

    expect(lineStatus()).toHaveTextContent('Password rejected');
    expect(screen.getByRole('status', { name: 'Connection' })).toHaveTextContent('Phone: Password rejected');
    expect(lineStatus()).toHaveTextContent('rejected the account');
    fireEvent.click(within(callsRegion()).getByRole('button', { name: 'Register' }));
    await waitFor(() => expect(host.sent('softphone:register')).toHaveLength(1));
  });

  it('an untrusted server certificate says so, names the TLS reason, and offers Register (not "connection lost")', async () => {
    const host = createPhoneHost();
    openDesk(host);
    await waitFor(() => expect(lineStatus()).toHaveTextContent('Registered'));

    act(() =>
      host.emit('softphone:registration', {
        state: 'certificate-rejected',
        expiresAt: null,
        nextRetryAt: null,
        lastErrorKey: 'softphone.errors.certificateUntrusted',
        attempt: 0,
        certificateError: 'CERT_HAS_EXPIRED',
      }),
    );

    expect(lineStatus()).toHaveTextContent('Certificate not trusted');
    expect(lineStatus()).toHaveTextContent("The SIP server's certificate is not trusted (CERT_HAS_EXPIRED)");
    expect(lineStatus()).not.toHaveTextContent('Retrying');
    fireEvent.click(within(callsRegion()).getByRole('button', { name: 'Register' }));
    await waitFor(() => expect(host.sent('softphone:register')).toHaveLength(1));
  });

  it('while main backs off, the line says when it will try again, and the header says Retrying without a countdown', async () => {
    const host = createPhoneHost();
    openDesk(host);
    await waitFor(() => expect(lineStatus()).toHaveTextContent('Registered'));

    act(() =>
      host.emit('softphone:registration', {
        state: 'backoff',
        expiresAt: null,
        nextRetryAt: Date.now() + 8_000,
        lastErrorKey: 'softphone.errors.transport',
        attempt: 2,
      }),
    );

    expect(lineStatus()).toHaveTextContent(/Retrying in 0:0[78]/);
    expect(screen.getByRole('status', { name: 'Connection' }).textContent).toBe('Phone: Retrying');
    expect(lineStatus()).toHaveTextContent("The phone server can't be reached.");
  });

  it('the desk asks main for the connection state at startup instead of assuming Offline', async () => {
    openDesk(createPhoneHost({ answers: { 'connection:get': () => ({ ok: true, value: { state: 'online' } }) } }));
    await waitFor(() => expect(screen.getByRole('status', { name: 'Connection' }).textContent).toBe('Phone: Registered'));
  });
});

describe('an incoming call', () => {
  it('an incoming call rings with Answer and Decline, Answer under the agent’s hand, and a desktop alert', async () => {
    const host = createPhoneHost();
    const alerts = fakeNotifications('granted');
    openDesk(host, { notifications: alerts.Notification });
    await waitFor(() => expect(lineStatus()).toHaveTextContent('Registered'));
    await waitFor(() => expect(desk?.store.getState().appInfo?.shell).toBe('web'));
    // Nothing rings yet: the permission, a synchronous call to the browser in Chromium, has not been asked.
    expect(alerts.permissionReads()).toBe(0);

    const call = callInfo();
    act(() => host.emit('softphone:call', call));

    const item = within(callList()).getByRole('listitem', { name: 'Lucía Fernández +34600111222' });
    expect(within(item).getByText('Incoming call')).toBeInTheDocument();
    const answer = within(item).getByRole('button', { name: 'Answer' });
    expect(within(item).getByRole('button', { name: 'Decline' })).toBeInTheDocument();
    expect(within(item).queryByRole('button', { name: 'Hang up' })).not.toBeInTheDocument();
    await waitFor(() => expect(answer).toHaveFocus());
    // The alert follows the screen pop's paint (ringing/afterPopPaint.ts).
    await waitFor(() => expect(alerts.shown).toEqual([{ title: 'Incoming call', body: 'Lucía Fernández (+34600111222)', closed: false }]));

    fireEvent.click(within(item).getByRole('button', { name: 'Decline' }));
    await waitFor(() => expect(host.sent('softphone:decline')).toEqual([{ callId: call.id }]));
    act(() => host.emit('softphone:call', { ...call, state: 'ended', endedAt: Date.now(), outcome: 'declined' }));
    expect(within(callsRegion()).queryByRole('list', { name: 'Current calls' })).not.toBeInTheDocument();
    await waitFor(() => expect(alerts.shown[0]?.closed).toBe(true));
  });

  it('in the desktop app the page adds no alert of its own: main shows the call alert through the OS', async () => {
    const electron = () => ({ ok: true as const, value: { name: 'Tandem', version: '0.1.0', shell: 'electron' as const, platform: 'linux', notices: [] } });
    const host = createPhoneHost({ answers: { 'app:getInfo': electron } });
    const alerts = fakeNotifications('granted');
    openDesk(host, { notifications: alerts.Notification });
    await waitFor(() => expect(desk?.store.getState().appInfo?.shell).toBe('electron'));

    act(() => host.emit('softphone:call', callInfo()));
    expect(within(callList()).getByRole('listitem', { name: 'Lucía Fernández +34600111222' })).toBeInTheDocument();
    expect(alerts.shown).toEqual([]);
  });

  it('answering shows Hang up, Hold, Mute, Keypad and Transfer, and a running timer', async () => {
    const host = createPhoneHost();
    openDesk(host);
    const call = callInfo();
    act(() => host.emit('softphone:call', call));

    fireEvent.click(within(callList()).getByRole('button', { name: 'Answer' }));
    await waitFor(() => expect(host.sent('softphone:answer')).toEqual([{ callId: call.id }]));
    act(() => host.emit('softphone:call', { ...call, state: 'active', answeredAt: Date.now() - 65_000 }));

    const item = within(callList()).getByRole('listitem');
    for (const name of ['Hang up', 'Hold', 'Mute', 'Keypad', 'Transfer']) expect(within(item).getByRole('button', { name })).toBeInTheDocument();
    expect(within(item).queryByRole('button', { name: 'Answer' })).not.toBeInTheDocument();
    expect(within(item).getByText('Connected')).toBeInTheDocument();
    expect(within(item).getByLabelText('Duration')).toHaveTextContent(/^1:0[4-6]$/);
  });

  it('a call that rings while Ana types a number leaves her keys in the dial box (Answer waits for a click)', async () => {
    const host = createPhoneHost();
    openDesk(host);
    await waitFor(() => expect(lineStatus()).toHaveTextContent('Registered'));
    const dialBox = within(callsRegion()).getByRole('combobox', { name: 'Phone number or SIP address' });
    dialBox.focus();
    fireEvent.change(dialBox, { target: { value: '+3460' } });

    act(() => host.emit('softphone:call', callInfo()));
    const answer = within(callList()).getByRole('button', { name: 'Answer' });
    // The focus decision is taken after the frame that shows the call: wait for a later one.
    await act(() => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 20))));

    expect(dialBox).toHaveFocus();
    expect(answer).not.toHaveFocus();
    expect(dialBox).toHaveValue('+3460');
  });

  it('a second call while talking rings on top with its own Answer; the held first call can be resumed (swap)', async () => {
    const host = createPhoneHost();
    openDesk(host);
    const first = callInfo({ state: 'active', answeredAt: Date.now(), startedAt: Date.now() - 10_000 });
    const second = callInfo({ remote: { uri: 'sip:bob@example.com', displayName: 'Bob', number: null } });
    act(() => host.emit('softphone:call', first));
    act(() => host.emit('softphone:call', second));

    const [top, below] = within(callList()).getAllByRole('listitem');
    expect(top).toHaveTextContent('Bob');
    expect(below).toHaveTextContent('Lucía');
    fireEvent.click(within(top!).getByRole('button', { name: 'Answer' }));
    await waitFor(() => expect(host.sent('softphone:answer')).toEqual([{ callId: second.id }]));

    // main holds the first call and connects the second.
    act(() => host.emit('softphone:call', { ...first, state: 'held' }));
    act(() => host.emit('softphone:call', { ...second, state: 'active', answeredAt: Date.now() }));
    const held = within(callList()).getByRole('listitem', { name: /Lucía/ });
    expect(within(held).getByText('On hold')).toBeInTheDocument();
    fireEvent.click(within(held).getByRole('button', { name: 'Resume' }));
    await waitFor(() => expect(host.sent('softphone:resume')).toEqual([{ callId: first.id }]));
  });

  it('an answer that fails (the microphone cannot start) leaves the reason on screen after the call ends', async () => {
    const host = createPhoneHost({ answers: { 'softphone:answer': () => fail('unavailable', 'softphone.errors.media', 'NotAllowedError') } });
    openDesk(host);
    const call = callInfo();
    act(() => host.emit('softphone:call', call));
    fireEvent.click(within(callList()).getByRole('button', { name: 'Answer' }));
    await within(callList()).findByRole('alert');

    act(() => host.emit('softphone:call', { ...call, state: 'ended', endedAt: Date.now(), outcome: 'missed' }));
    expect(within(callsRegion()).getByRole('alert')).toHaveTextContent("The audio couldn't be set up. Check your microphone.");
  });

  it('a hostile caller name renders as inert text, its direction neutralised, cut to a sane length', () => {
    const host = createPhoneHost();
    openDesk(host);
    const markup = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';
    const huge = 'A'.repeat(10_240);
    act(() => host.emit('softphone:call', callInfo({ remote: { uri: 'sip:x@evil.example', displayName: `${markup}\u202Eexe.txt`, number: null } })));
    act(() => host.emit('softphone:call', callInfo({ remote: { uri: `sip:${huge}@evil.example`, displayName: huge, number: null } })));

    const items = within(callList()).getAllByRole('listitem');
    const hostile = items.find((item) => item.textContent?.includes('<img'));
    expect(hostile).toBeTruthy();
    expect(hostile!.querySelector('img, script')).toBeNull();
    expect(hostile).toHaveTextContent('<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>exe.txt');
    expect(hostile).not.toHaveTextContent('\u202E');
    expect(hostile!.querySelector('bdi')).toBeTruthy();
    expect(Reflect.get(window, '__pwned')).toBeUndefined();

    const long = items.find((item) => item.textContent?.includes('AAAA'));
    const name = long!.querySelector('.call-name')?.textContent ?? '';
    expect(name.length).toBeLessThanOrEqual(256);
    expect(name.endsWith('…')).toBe(true);
  });
});

describe('calling out', () => {
  it('Ana types a number with spaces and dashes and presses Enter: main gets it as typed, and the box clears', async () => {
    const host = createPhoneHost();
    openDesk(host);
    const box = within(callsRegion()).getByRole('combobox', { name: 'Phone number or SIP address' });

    fireEvent.change(box, { target: { value: ' +34 600-111 222 ' } });
    fireEvent.submit(box.closest('form')!);

    await waitFor(() => expect(host.sent('softphone:dial')).toEqual([{ target: '+34 600-111 222' }]));
    await waitFor(() => expect(box).toHaveValue(''));
  });

  it('a failed dial shows a translated error, and an unknown key falls back to a generic message', async () => {
    let key = 'softphone.errors.badNumber';
    const host = createPhoneHost({ answers: { 'softphone:dial': () => fail('rejected', key, 'detail for developers') } });
    openDesk(host);
    const box = within(callsRegion()).getByRole('combobox', { name: 'Phone number or SIP address' });

    fireEvent.change(box, { target: { value: 'not a number' } });
    fireEvent.click(within(callsRegion()).getByRole('button', { name: 'Call' }));
    const alert = await within(callsRegion()).findByRole('alert');
    expect(alert.textContent).toBe("That doesn't look like a phone number, an extension or a SIP address.");
    expect(box).toHaveAttribute('aria-invalid', 'true');

    key = '<b>softphone.errors.madeUp</b>';
    fireEvent.click(within(callsRegion()).getByRole('button', { name: 'Call' }));
    await waitFor(() => expect(within(callsRegion()).getByRole('alert').textContent).toBe('Something went wrong with the phone. Try again.'));
    expect(within(callsRegion()).getByRole('alert').querySelector('b')).toBeNull();
  });

  it('while the far end rings, Hang up cancels the call', async () => {
    const host = createPhoneHost();
    openDesk(host);
    const call = callInfo({
      id: 'dialled-1',
      direction: 'outbound',
      state: 'ringing',
      remote: { uri: 'sip:+12125550100@example.com', displayName: '', number: '+12125550100' },
    });
    act(() => host.emit('softphone:call', call));

    const item = within(callList()).getByRole('listitem', { name: '+12125550100' });
    expect(within(item).getByText('Ringing…')).toBeInTheDocument();
    expect(within(item).queryByRole('button', { name: 'Answer' })).not.toBeInTheDocument();
    fireEvent.click(within(item).getByRole('button', { name: 'Hang up' }));
    await waitFor(() => expect(host.sent('softphone:hangup')).toEqual([{ callId: 'dialled-1' }]));
  });

  it('a busy far end leaves a translated notice after the call ends', () => {
    const host = createPhoneHost();
    openDesk(host);
    const call = callInfo({ direction: 'outbound', state: 'dialing' });
    act(() => host.emit('softphone:call', call));
    act(() => host.emit('softphone:call', { ...call, state: 'ended', endedAt: Date.now(), outcome: 'busy', reasonKey: 'softphone.errors.busy' }));
    expect(within(callsRegion()).getByRole('alert')).toHaveTextContent('The line is busy.');
  });

  it('a tel: link pre-fills the dial box', async () => {
    const host = createPhoneHost({ pendingDials: ['+34 600 123 456'] });
    openDesk(host);
    const box = within(callsRegion()).getByRole<HTMLInputElement>('combobox', { name: 'Phone number or SIP address' });
    await waitFor(() => expect(box).toHaveValue('+34 600 123 456'));
  });

  it('the keypad types into the dial box, and during a call sends DTMF instead', async () => {
    const host = createPhoneHost();
    openDesk(host);
    fireEvent.click(within(callsRegion()).getByRole('button', { name: 'Keypad' }));
    const pad = within(callsRegion()).getByRole('group', { name: 'Keypad' });
    for (const key of ['1', '2', '#']) fireEvent.click(within(pad).getByRole('button', { name: key }));
    expect(within(callsRegion()).getByRole('combobox', { name: 'Phone number or SIP address' })).toHaveValue('12#');

    const call = callInfo({ state: 'active', answeredAt: Date.now() });
    act(() => host.emit('softphone:call', call));
    fireEvent.click(within(pad).getByRole('button', { name: '5' }));
    await waitFor(() => expect(host.sent('softphone:sendDtmf')).toEqual([{ callId: call.id, tones: '5' }]));
  });
});

describe('call controls', () => {
  it('hold and mute: the buttons follow what main reports', async () => {
    const host = createPhoneHost();
    openDesk(host);
    const call = callInfo({ state: 'active', answeredAt: Date.now() });
    act(() => host.emit('softphone:call', call));
    const item = () => within(callList()).getByRole('listitem');

    fireEvent.click(within(item()).getByRole('button', { name: 'Mute' }));
    await waitFor(() => expect(host.sent('softphone:setMuted')).toEqual([{ callId: call.id, muted: true }]));
    act(() => host.emit('softphone:call', { ...call, muted: true }));
    expect(within(item()).getByRole('button', { name: 'Unmute' })).toHaveAttribute('aria-pressed', 'true');
    expect(within(item()).getByText('Microphone muted')).toBeInTheDocument();

    fireEvent.click(within(item()).getByRole('button', { name: 'Hold' }));
    await waitFor(() => expect(host.sent('softphone:hold')).toEqual([{ callId: call.id }]));
    act(() => host.emit('softphone:call', { ...call, muted: true, state: 'held' }));
    expect(within(item()).getByRole('button', { name: 'Resume' })).toBeInTheDocument();
    expect(within(item()).queryByRole('button', { name: 'Hold' })).not.toBeInTheDocument();
  });

  it('a refused action shows its translated reason on the call', async () => {
    const host = createPhoneHost({ answers: { 'softphone:hold': () => fail('rejected', 'softphone.errors.illegalState') } });
    openDesk(host);
    act(() => host.emit('softphone:call', callInfo({ state: 'active', answeredAt: Date.now() })));
    fireEvent.click(within(callList()).getByRole('button', { name: 'Hold' }));
    const alert = await within(callList()).findByRole('alert');
    expect(alert).toHaveTextContent("That can't be done in the call's current state.");
  });

  it('blind transfer: Transfer, type the target, Transfer now', async () => {
    const host = createPhoneHost();
    openDesk(host);
    const call = callInfo({ state: 'active', answeredAt: Date.now() });
    act(() => host.emit('softphone:call', call));

    fireEvent.click(within(callList()).getByRole('button', { name: 'Transfer' }));
    fireEvent.change(within(callList()).getByRole('combobox', { name: 'Transfer to' }), { target: { value: '2002' } });
    fireEvent.click(within(callList()).getByRole('button', { name: 'Transfer now' }));
    await waitFor(() => expect(host.sent('softphone:blindTransfer')).toEqual([{ callId: call.id, target: '2002' }]));
    await waitFor(() => expect(within(callList()).queryByRole('combobox', { name: 'Transfer to' })).not.toBeInTheDocument());
  });

  it('attended transfer: Consult first, the consultation call appears, then Complete transfer', async () => {
    const host = createPhoneHost();
    openDesk(host);
    const call = callInfo({ state: 'active', answeredAt: Date.now() });
    act(() => host.emit('softphone:call', call));

    fireEvent.click(within(callList()).getByRole('button', { name: 'Transfer' }));
    fireEvent.change(within(callList()).getByRole('combobox', { name: 'Transfer to' }), { target: { value: 'sip:supervisor@example.com' } });
    fireEvent.click(within(callList()).getByRole('button', { name: 'Consult first' }));
    await waitFor(() => expect(host.sent('softphone:consult')).toEqual([{ callId: call.id, target: 'sip:supervisor@example.com' }]));

    act(() => host.emit('softphone:call', { ...call, state: 'held' }));
    const consult = callInfo({
      id: 'consult-1',
      direction: 'outbound',
      state: 'active',
      answeredAt: Date.now(),
      consultFor: call.id,
      remote: { uri: 'sip:supervisor@example.com', displayName: 'Supervisor', number: null },
    });
    act(() => host.emit('softphone:call', consult));
    expect(within(callList()).getByRole('listitem', { name: /Supervisor/ })).toHaveTextContent('Consultation call');

    const original = within(callList()).getByRole('listitem', { name: /Lucía/ });
    fireEvent.click(within(original).getByRole('button', { name: 'Complete transfer' }));
    await waitFor(() => expect(host.sent('softphone:completeTransfer')).toEqual([{ callId: call.id, consultCallId: 'consult-1' }]));
  });
});

describe('the far end asks to transfer Ana (REFER)', () => {
  const benCall = () => callInfo({ state: 'active', answeredAt: Date.now(), remote: { uri: 'sip:1002@example.com', displayName: 'Ben K.', number: null } });
  const request = (callId: string, overrides: Partial<TransferRequest> = {}): TransferRequest => ({
    id: 'transfer-1',
    callId,
    target: 'sip:2001@example.com',
    status: 'asking',
    expiresAt: Date.now() + 20_000,
    ...overrides,
  });

  it('a prompt in the call names who asks and where to; Decline sends her answer, and the prompt goes when main settles it', async () => {
    const host = createPhoneHost();
    openDesk(host);
    const call = benCall();
    act(() => host.emit('softphone:call', call));
    const item = () => within(callList()).getByRole('listitem', { name: /Ben K\./ });

    // Step 1: main asks; the prompt is read out and names Ben and the target, with the time left.
    act(() => host.emit('softphone:transferRequest', request(call.id)));
    const prompt = within(item()).getByRole('group', { name: 'Ben K. wants to transfer you to sip:2001@example.com' });
    expect(within(prompt).getByRole('alert').textContent).toBe('Ben K. wants to transfer you to sip:2001@example.com');
    expect(prompt).toHaveTextContent(/Declined automatically in 0:(19|20)/);

    // Step 2: Ana declines; main hears it for this request.
    fireEvent.click(within(prompt).getByRole('button', { name: 'Decline transfer' }));
    await waitFor(() => expect(host.sent('softphone:answerTransferRequest')).toEqual([{ callId: call.id, requestId: 'transfer-1', accept: false }]));

    // Step 3: main reports it settled: the prompt is gone, the call stays.
    act(() => host.emit('softphone:transferRequest', request(call.id, { status: 'declined' })));
    expect(within(item()).queryByRole('group', { name: /wants to transfer you/ })).not.toBeInTheDocument();
    expect(within(item()).getByRole('button', { name: 'Hang up' })).toBeInTheDocument();
  });

  it('a reload while main asks: the reopened window shows the question again, with the time it has left', async () => {
    const call = benCall();
    const host = createPhoneHost({ calls: [call], transferRequests: [request(call.id)] });
    openDesk(host);
    const item = () => within(callList()).getByRole('listitem', { name: /Ben K\./ });
    const prompt = await waitFor(() => within(item()).getByRole('group', { name: 'Ben K. wants to transfer you to sip:2001@example.com' }));
    expect(prompt).toHaveTextContent(/Declined automatically in 0:(19|20)/);
    fireEvent.click(within(prompt).getByRole('button', { name: 'Accept transfer' }));
    await waitFor(() => expect(host.sent('softphone:answerTransferRequest')).toEqual([{ callId: call.id, requestId: 'transfer-1', accept: true }]));
  });

  it('Accept sends her consent; a prompt whose call ends disappears with the call', async () => {
    const host = createPhoneHost();
    openDesk(host);
    const call = benCall();
    act(() => host.emit('softphone:call', call));
    act(() => host.emit('softphone:transferRequest', request(call.id)));

    fireEvent.click(within(callList()).getByRole('button', { name: 'Accept transfer' }));
    await waitFor(() => expect(host.sent('softphone:answerTransferRequest')).toEqual([{ callId: call.id, requestId: 'transfer-1', accept: true }]));

    // Another call's prompt: that call ends (main's settling event is not needed for it to go).
    const other = benCall();
    act(() => host.emit('softphone:call', other));
    act(() => host.emit('softphone:transferRequest', request(other.id, { id: 'transfer-2' })));
    expect(screen.getAllByRole('button', { name: 'Decline transfer' })).toHaveLength(2);
    act(() => host.emit('softphone:call', { ...other, state: 'ended', endedAt: Date.now(), outcome: 'answered' }));
    expect(screen.getAllByRole('button', { name: 'Decline transfer' })).toHaveLength(1);
  });

  it('in Spanish the prompt and its buttons are Spanish', () => {
    const host = createPhoneHost({ settings: { language: 'es' } });
    openDesk(host);
    const call = benCall();
    act(() => host.emit('softphone:call', call));
    act(() => host.emit('softphone:transferRequest', request(call.id)));
    return waitFor(() => {
      expect(screen.getByRole('alert').textContent).toBe('Ben K. quiere transferirte a sip:2001@example.com');
      expect(screen.getByRole('button', { name: 'Aceptar la transferencia' })).toBeInTheDocument();
      expect(screen.getByRole('button', { name: 'Rechazar la transferencia' })).toBeInTheDocument();
    });
  });
});

describe('recent calls', () => {
  it('an ended call lands in Recent calls with its outcome; clicking it fills the dial box', async () => {
    const host = createPhoneHost();
    openDesk(host);
    const call = callInfo({ state: 'active', answeredAt: Date.now() - 30_000, startedAt: Date.now() - 40_000 });
    act(() => host.emit('softphone:call', call));
    act(() => host.emit('softphone:call', { ...call, state: 'ended', endedAt: Date.now(), outcome: 'answered' }));

    const recent = await within(callsRegion()).findByRole('list', { name: 'Recent calls' });
    const entry = await within(recent).findByRole('button', { name: /Lucía Fernández/ });
    expect(entry).toHaveTextContent('Incoming · Answered');
    fireEvent.click(entry);
    const box = within(callsRegion()).getByRole<HTMLInputElement>('combobox', { name: 'Phone number or SIP address' });
    expect(box).toHaveValue('+34600111222');
    expect(box).toHaveFocus();
  });

  it('a missed call shows as Missed', async () => {
    const host = createPhoneHost();
    openDesk(host);
    const call = callInfo();
    act(() => host.emit('softphone:call', call));
    act(() => host.emit('softphone:call', { ...call, state: 'ended', endedAt: Date.now(), outcome: 'missed' }));
    const recent = await within(callsRegion()).findByRole('list', { name: 'Recent calls' });
    expect(await within(recent).findByRole('button')).toHaveTextContent('Missed');
  });
});

describe('audio settings', () => {
  it('Audio settings shows Microphone, Speaker and Ring device, and a choice reaches the media engine', async () => {
    const devices = fakeDevices();
    openDesk(createPhoneHost(), { media: { devices, resetRinging: () => {}, reconcile: (read) => read(), reconnected: () => {}, stop: () => {} } });

    fireEvent.click(within(callsRegion()).getByRole('button', { name: 'Audio settings' }));
    const panel = within(callsRegion()).getByRole('group', { name: 'Audio settings' });
    const microphone = within(panel).getByRole<HTMLSelectElement>('combobox', { name: 'Microphone' });
    expect([...microphone.options].map((option) => option.textContent)).toEqual(['System default', 'Default - Built-in microphone', 'Jabra headset']);
    expect(within(panel).getByRole('combobox', { name: 'Speaker' })).toBeInTheDocument();
    const ring = within(panel).getByRole<HTMLSelectElement>('combobox', { name: 'Ring device' });

    fireEvent.change(ring, { target: { value: 'out-headset' } });
    expect(devices.chosen).toEqual([['ring', 'out-headset']]);
    await waitFor(() => expect(within(panel).getByRole('combobox', { name: 'Ring device' })).toHaveValue('out-headset'));
  });
});

describe('in Spanish', () => {
  it('the phone speaks Spanish when the agent does', async () => {
    const host = createPhoneHost({ settings: { language: 'es' } });
    openDesk(host);
    await waitFor(() => expect(screen.getByRole('status', { name: 'Línea telefónica' })).toHaveTextContent('Registrado'));
    act(() => host.emit('softphone:call', callInfo()));
    const item = within(screen.getByRole('list', { name: 'Llamadas en curso' })).getByRole('listitem');
    expect(within(item).getByRole('button', { name: 'Contestar' })).toBeInTheDocument();
    expect(within(item).getByRole('button', { name: 'Rechazar' })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Número de teléfono o dirección SIP' })).toBeInTheDocument();
  });
});
