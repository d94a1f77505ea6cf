// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fail, ok } from '@tandem/contract';
import { App } from '../../../renderer/src/desk/components/App';
import { startDesk, type Desk } from '../../../renderer/src/startDesk';
import { readTandem } from '../../../renderer/src/tandemClient';
import { ANA_SIP } from './softphoneFakes';
import { createFakeHost, defaultSettings, type FakeHost } from './fakeHost';

let desk: Desk | undefined;

/** Opens the desk the way main.tsx does: whatever the bridge put on `window.tandem`. */
function openDesk(host: FakeHost | undefined, { holdUntilPainted = false } = {}): Desk {
  if (host === undefined) Reflect.deleteProperty(window, 'tandem');
  else Object.defineProperty(window, 'tandem', { value: host.api, configurable: true });
  desk = startDesk(readTandem(window), document);
  render(<App store={desk.store} i18n={desk.i18n} holdUntilPainted={holdUntilPainted} />);
  return desk;
}

/** The settings reply has landed once the agent's own name is on screen. */
const settled = (name = 'Maya Lopez') => screen.findByText(name);

afterEach(() => {
  cleanup();
  desk?.stop();
  desk = undefined;
  Reflect.deleteProperty(window, 'tandem');
  document.documentElement.removeAttribute('lang');
  document.documentElement.removeAttribute('data-theme');
});

describe('the agent desk', () => {
  it('the agent sees the desk with Calls, Social and Caller context regions', async () => {
    openDesk(createFakeHost());
    await settled();

    const banner = screen.getByRole('banner');
    expect(within(banner).getByRole('heading', { name: 'Tandem' })).toBeInTheDocument();
    // This seat has no phone account: not "Offline", there is simply no line to set up.
    expect(within(banner).getByRole('status', { name: 'Connection' }).textContent).toBe('Phone: Not set up');
    expect(within(banner).getByText('Maya Lopez')).toBeInTheDocument();
    expect(within(banner).getByRole('combobox', { name: 'Language' })).toBeInTheDocument();
    expect(within(banner).getByRole('combobox', { name: 'Theme' })).toBeInTheDocument();

    const main = screen.getByRole('main');
    const calls = within(main).getByRole('region', { name: 'Calls' });
    expect(within(calls).getByText('No calls right now. Incoming calls ring here.')).toBeInTheDocument();
    expect(within(main).getByRole('region', { name: 'Social' })).toBeInTheDocument();
    expect(within(main).getByRole('region', { name: 'Caller context' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it("after a reload the inbox's frame comes first: the calls and context columns fill in on the next frame, inside panels already there", async () => {
    const requestFrame = vi.spyOn(window, 'requestAnimationFrame');
    openDesk(createFakeHost(), { holdUntilPainted: true });

    // The first frame: every column's panel and the social region, none of the side columns' contents.
    const main = screen.getByRole('main');
    const calls = within(main).getByRole('region', { name: 'Calls' });
    expect(within(main).getByRole('region', { name: 'Social' })).toBeInTheDocument();
    expect(within(main).getByRole('region', { name: 'Caller context' })).toBeInTheDocument();
    expect(within(calls).queryByText('No calls right now. Incoming calls ring here.')).not.toBeInTheDocument();

    // Once that frame is painted, the rest is there.
    expect(await within(calls).findByText('No calls right now. Incoming calls ring here.')).toBeInTheDocument();
    expect(requestFrame).toHaveBeenCalled();
    await settled();
  });

  it('when main reports the connection coming up, the status reads Phone: Registered', async () => {
    const host = createFakeHost({ settings: { sip: ANA_SIP } });
    openDesk(host);
    await settled();

    // Main announces the registration and its one-word summary together; the header says what the phone panel says.
    const line = { expiresAt: null, nextRetryAt: null, lastErrorKey: null, attempt: 0 };
    act(() => {
      host.emit('softphone:registration', { ...line, state: 'registering' });
      host.emit('connection:state', { state: 'connecting' });
    });
    expect(screen.getByRole('status', { name: 'Connection' }).textContent).toBe('Phone: Connecting…');
    expect(screen.getByRole('status', { name: 'Phone line' }).textContent).toContain('Connecting…');
    act(() => {
      host.emit('softphone:registration', { ...line, state: 'registered', expiresAt: Date.now() + 300_000 });
      host.emit('connection:state', { state: 'online' });
    });
    expect(screen.getByRole('status', { name: 'Connection' }).textContent).toBe('Phone: Registered');
    expect(screen.getByRole('status', { name: 'Phone line' }).textContent).toBe('Registered');
  });
});

describe('language and theme', () => {
  it('switching the language to Spanish relabels the desk', async () => {
    const host = createFakeHost({ settings: { sip: ANA_SIP } });
    openDesk(host);
    await settled();

    fireEvent.change(screen.getByRole('combobox', { name: 'Language' }), { target: { value: 'es' } });

    expect(await screen.findByRole('region', { name: 'Llamadas' })).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Redes sociales' })).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Contexto del cliente' })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Idioma' })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Tema' })).toBeInTheDocument();
    // The fake host's line says it has no account yet: the word for that, in Spanish.
    expect(screen.getByRole('status', { name: 'Conexión' }).textContent).toBe('Teléfono: Sin configurar');
    expect(screen.queryByRole('region', { name: 'Calls' })).not.toBeInTheDocument();
    expect(document.documentElement.lang).toBe('es');
    expect(host.requests).toContainEqual({ channel: 'settings:setLanguage', payload: { language: 'es' } });
    expect(host.settings().language).toBe('es');
  });

  it('a language chosen elsewhere (the app menu) reaches the desk through settings:changed', async () => {
    const host = createFakeHost();
    openDesk(host);
    await settled();

    act(() => host.emit('settings:changed', { ...host.settings(), language: 'es' }));

    expect(screen.getByRole('region', { name: 'Llamadas' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('es');
  });

  it('an agent whose settings say Spanish gets the desk in Spanish from the start', async () => {
    openDesk(createFakeHost({ settings: { language: 'es' } }));
    expect(await screen.findByRole('region', { name: 'Llamadas' })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Idioma' })).toHaveValue('es');
  });

  it('the theme follows the system until the agent picks one', async () => {
    const host = createFakeHost();
    openDesk(host);
    await settled();
    expect(document.documentElement.dataset['theme']).toBe('system');

    fireEvent.change(screen.getByRole('combobox', { name: 'Theme' }), { target: { value: 'dark' } });

    await waitFor(() => expect(document.documentElement.dataset['theme']).toBe('dark'));
    expect(host.settings().theme).toBe('dark');
    expect(screen.getByRole('combobox', { name: 'Theme' })).toHaveValue('dark');
  });
});

describe('when things go wrong', () => {
  it('a failed settings call shows an alert instead of crashing', async () => {
    openDesk(createFakeHost({ answers: { 'settings:get': () => fail('unavailable', 'errors.unavailable', 'secret-ish developer detail') } }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent("Your settings couldn't be loaded.");
    expect(alert).toHaveTextContent('The host is unavailable. Try again in a moment.');
    expect(alert).not.toHaveTextContent('developer detail');
    // The desk is still there, just without the agent's settings.
    expect(screen.getByRole('region', { name: 'Calls' })).toBeInTheDocument();
    expect(screen.getByText('Loading agent…')).toBeInTheDocument();

    fireEvent.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('an error key main made up is never shown raw: the desk falls back to the text for its code', async () => {
    openDesk(createFakeHost({ answers: { 'app:getInfo': () => fail('rejected', '<b>not.a.key</b>') } }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe("The app details couldn't be loaded.The host turned the request down.Dismiss");
    expect(alert.querySelector('b')).toBeNull();
  });

  it('on a computer without a keyring, the agent is told passwords will not be saved, and why', async () => {
    // Main's safeStorage found only Chromium's basic_text fallback, so it keeps secrets for this run only.
    const electronWithoutKeyring = () => ok({ name: 'Tandem', version: '0.1.0', shell: 'electron', platform: 'linux', notices: ['secrets-not-saved'] });
    openDesk(createFakeHost({ answers: { 'app:getInfo': electronWithoutKeyring } }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent("Passwords you type won't be saved on this computer.");
    expect(alert).toHaveTextContent('No keyring (such as GNOME Keyring or KWallet) is available to encrypt them');
    fireEvent.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('a notice this desk does not know is not shown', async () => {
    const newerMain = () => ok({ name: 'Tandem', version: '9.0.0', shell: 'electron', platform: 'linux', notices: ['something-new'] });
    openDesk(createFakeHost({ answers: { 'app:getInfo': newerMain } }));
    await settled();
    await waitFor(() => expect(desk?.store.getState().appInfo?.version).toBe('9.0.0'));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('a window opened without the bridge says so instead of going blank', () => {
    openDesk(undefined);

    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent("Tandem can't reach its host");
    expect(screen.getByRole('region', { name: 'Calls' })).toBeInTheDocument();
  });

  it('a reply that breaks the desk shows a translated crash notice, and the agent can try again', async () => {
    // React reports the caught error on the console; that is expected here.
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    // Malformed on purpose: no agent, so rendering the header throws.
    const host = createFakeHost({ answers: { 'settings:get': () => ok({ language: 'en', theme: 'system' }) } });
    openDesk(host);

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('heading', { name: 'Something went wrong in the desk.' })).toBeInTheDocument();
    expect(screen.queryByRole('main')).not.toBeInTheDocument();

    act(() => host.emit('settings:changed', defaultSettings()));
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('region', { name: 'Calls' })).toBeInTheDocument();
    consoleError.mockRestore();
  });
});

describe('dialling from a link', () => {
  it('a tel: link opened before the window was ready shows up as ready to call', async () => {
    const host = createFakeHost({ pendingDials: ['+34 600 111 222', '+34 600 123 456'] });
    openDesk(host);

    const calls = screen.getByRole('region', { name: 'Calls' });
    const target = await within(calls).findByText('+34 600 123 456');
    expect(target.parentElement?.textContent).toBe('Ready to call +34 600 123 456');
    expect(host.requests.map((request) => request.channel)).toContain('dial:takePending');
  });

  it('a link opened while the desk is up replaces the empty state', async () => {
    const host = createFakeHost();
    openDesk(host);
    await settled();

    act(() => host.emit('dial:requested', { target: 'sip:support@example.com' }));

    const calls = screen.getByRole('region', { name: 'Calls' });
    expect(within(calls).getByText('sip:support@example.com').parentElement?.textContent).toBe('Ready to call sip:support@example.com');
    expect(within(calls).queryByText('No calls right now. Incoming calls ring here.')).not.toBeInTheDocument();
  });
});

describe('hostile text', () => {
  const markup = '<img src=x onerror=alert(1)>';
  const rtl = '\u202Eevil.exe';

  it('an agent name full of markup and an RTL override renders as inert, isolated text', async () => {
    const name = `${markup} ${rtl}`;
    openDesk(createFakeHost({ settings: { agent: { name, role: 'agent' } } }));

    const shown = await screen.findByText(name);
    expect(shown.tagName).toBe('BDI');
    expect(document.querySelector('img')).toBeNull();
    expect(screen.getByRole('banner').innerHTML).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('a dial target carrying markup or Trans tags stays text', async () => {
    const target = `<strong>x</strong><target>y</target><0>z</0>${markup}${rtl}`;
    const host = createFakeHost();
    openDesk(host);
    await settled();

    act(() => host.emit('dial:requested', { target }));

    const calls = screen.getByRole('region', { name: 'Calls' });
    const shown = within(calls).getByText(target);
    expect(shown.tagName).toBe('BDI');
    expect(calls.querySelector('strong, img, target')).toBeNull();
  });
});
