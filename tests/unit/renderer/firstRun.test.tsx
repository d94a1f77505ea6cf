// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fail, ok, type PublicSettings, type SocialAccountInput } from '@tandem/contract';
import { App } from '../../../renderer/src/desk/components/App';
import { startDesk, type Desk } from '../../../renderer/src/startDesk';
import { readTandem } from '../../../renderer/src/tandemClient';
import { createFakeHost, defaultSettings } from './fakeHost';

let desk: Desk | undefined;

afterEach(() => {
  cleanup();
  desk?.stop();
  desk = undefined;
  Reflect.deleteProperty(window, 'tandem');
});

/**
 * Maya opens Tandem on a fresh seat: no phone, no social account. The desk
 * offers the two ways in; Connect Bluesky tells her what the service said,
 * and a phone-only seat can hide the social column. (The e2e story
 * tests/e2e/first-run.spec.ts does the same against the real network.)
 */
describe('the first run of an empty desk', () => {
  it('"Set up your desk" leads to Connect Bluesky, which shows the service’s refusal, then the connection', async () => {
    let answers = 0;
    let settings: PublicSettings = defaultSettings();
    const host = createFakeHost({
      answers: {
        'settings:addSocialAccount': (payload) => {
          answers += 1;
          if (answers === 1) return fail('rejected', 'settings.errors.socialCredentialsRejected');
          const { network, service, handle } = payload as SocialAccountInput;
          settings = { ...settings, social: [{ network, service, handle, hasAppPassword: true, origin: 'app' }] };
          return ok(settings);
        },
      },
    });
    Object.defineProperty(window, 'tandem', { value: host.api, configurable: true });
    desk = startDesk(readTandem(window), document);
    render(<App store={desk.store} i18n={desk.i18n} />);

    // Step 1: the empty desk has one call to action, and the social column one empty message.
    const setup = await screen.findByRole('region', { name: 'Set up your desk' });
    expect(within(setup).getByRole('button', { name: 'Set up phone' })).toBeInTheDocument();
    fireEvent.click(within(setup).getByRole('button', { name: 'Connect Bluesky' }));

    // Step 2: a wrong app password is refused in the service's words.
    const form = await screen.findByRole('form', { name: 'Connect Bluesky' });
    fireEvent.change(within(form).getByRole('textbox', { name: 'Handle' }), { target: { value: '@brand.example.com' } });
    fireEvent.change(within(form).getByLabelText('App password'), { target: { value: 'wrong' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Test and connect' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('The service refused this handle or app password.');

    // Step 3: the right one connects; the page sent the handle without its @ and kept no password.
    fireEvent.change(within(form).getByLabelText('App password'), { target: { value: 'right-pass' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Test and connect' }));
    expect(await within(form).findByText('Connected as brand.example.com.')).toBeInTheDocument();
    expect(within(form).getByLabelText('App password')).toHaveValue('');
    const sent = host.requests.filter((request) => request.channel === 'settings:addSocialAccount').at(-1)?.payload;
    expect(sent).toMatchObject({ network: 'bluesky', service: 'https://bsky.social', handle: 'brand.example.com' });
    expect(screen.queryByRole('region', { name: 'Set up your desk' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Remove brand.example.com' })).toBeInTheDocument();
  });

  it('a chat service given by halves is marked before anything is sent', async () => {
    const host = createFakeHost();
    Object.defineProperty(window, 'tandem', { value: host.api, configurable: true });
    desk = startDesk(readTandem(window), document);
    render(<App store={desk.store} i18n={desk.i18n} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Connect Bluesky' }));
    const form = await screen.findByRole('form', { name: 'Connect Bluesky' });
    fireEvent.change(within(form).getByRole('textbox', { name: 'Handle' }), { target: { value: 'brand.example.com' } });
    fireEvent.change(within(form).getByLabelText('App password'), { target: { value: 'pass' } });
    fireEvent.change(within(form).getByLabelText('Chat service (optional)'), { target: { value: 'https://chat.example.com' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Test and connect' }));
    expect(await within(form).findAllByText('Give both the chat service address and its DID (did:…), or neither.')).not.toHaveLength(0);
    expect(host.requests.some((request) => request.channel === 'settings:addSocialAccount')).toBe(false);
  });
});
