// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fail, ok, type PublicSettings, type SocialAccountInput } from '@tandem/contract';
import { createFakeHost, defaultSettings } from './fakeHost';
import { closeDesk, renderDesk } from './deskFixture';

afterEach(closeDesk);

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
    renderDesk(host, { onWindow: true });

    // Step 1: the empty desk has one call to action, and the social column no "nothing here" text of its own.
    const setup = await screen.findByRole('region', { name: 'Set up your desk' });
    expect(within(setup).getByRole('button', { name: 'Set up phone' })).toBeInTheDocument();
    const social = screen.getByRole('region', { name: 'Social' });
    await within(social).findByRole('region', { name: 'Inbox' });
    await waitFor(() => expect(within(social).queryByText('Loading conversations…')).toBeNull());
    for (const empty of [/No social account is set up/, /No conversations waiting/, /No conversations match these filters/]) {
      expect(within(social).queryByText(empty)).toBeNull();
    }
    const opener = within(setup).getByRole('button', { name: 'Connect Bluesky' });
    opener.focus();
    fireEvent.click(opener);

    // Step 2: Connect Bluesky is a modal dialog; a wrong app password is refused in the service's words.
    const form = await screen.findByRole('dialog', { name: 'Connect Bluesky' });
    expect(form).toHaveAttribute('open');
    await waitFor(() => expect(within(form).getByRole('textbox', { name: 'Handle' })).toHaveFocus());
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

    // Step 4: the social column speaks for itself again once an account exists.
    await waitFor(() => expect(within(social).getByText('No conversations match these filters.')).toBeInTheDocument());

    // Step 5: Escape closes the dialog; its opener is gone with the call to action, so the focus lands on Accounts.
    fireEvent.keyDown(form, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Connect Bluesky' })).toBeNull());
    expect(screen.getByRole('button', { name: 'Accounts' })).toHaveFocus();
    fireEvent.click(screen.getByRole('button', { name: 'Accounts' }));
    expect(screen.getByRole('button', { name: 'Remove brand.example.com' })).toBeInTheDocument();
  });

  it('from Accounts, the dialog keeps Tab inside it, and Escape returns the focus to "Add Bluesky account"', async () => {
    const host = createFakeHost();
    renderDesk(host, { onWindow: true });
    fireEvent.click(await screen.findByRole('button', { name: 'Accounts' }));
    const add = screen.getByRole('button', { name: 'Add Bluesky account' });
    add.focus();
    fireEvent.click(add);
    const dialog = await screen.findByRole('dialog', { name: 'Connect Bluesky' });
    const buttons = within(dialog).getAllByRole('button');
    const last = buttons.at(-1);
    if (last === undefined) throw new Error('the dialog has no button');
    last.focus();
    fireEvent.keyDown(last, { key: 'Tab' });
    expect(within(dialog).getByRole('textbox', { name: 'Handle' })).toHaveFocus();
    fireEvent.keyDown(within(dialog).getByRole('textbox', { name: 'Handle' }), { key: 'Tab', shiftKey: true });
    expect(last).toHaveFocus();
    fireEvent.keyDown(last, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(add).toHaveFocus();
  });

  it('a chat service given by halves is marked before anything is sent', async () => {
    const host = createFakeHost();
    renderDesk(host, { onWindow: true });
    fireEvent.click(await screen.findByRole('button', { name: 'Connect Bluesky' }));
    const form = await screen.findByRole('dialog', { name: 'Connect Bluesky' });
    fireEvent.change(within(form).getByRole('textbox', { name: 'Handle' }), { target: { value: 'brand.example.com' } });
    fireEvent.change(within(form).getByLabelText('App password'), { target: { value: 'pass' } });
    fireEvent.change(within(form).getByLabelText('Chat service (optional)'), { target: { value: 'https://chat.example.com' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Test and connect' }));
    expect(await within(form).findAllByText('Give both the chat service address and its DID (did:…), or neither.')).not.toHaveLength(0);
    expect(host.requests.some((request) => request.channel === 'settings:addSocialAccount')).toBe(false);
  });
});

/**
 * Pablo's seat has a phone line and no social account. The social column says so once, with a way in and a
 * way out; he makes it a phone-only seat, and Accounts brings the column back.
 */
describe('a phone-only seat', () => {
  it('the social column shows one Connect Bluesky call to action; hiding it is a setting he can turn back', async () => {
    const sip = {
      server: 'wss://pbx.example.com',
      uri: 'sip:1001@example.com',
      authorizationUser: '1001',
      displayName: 'Pablo',
      defaultRegion: 'ES',
      hasPassword: true,
    };
    let settings: PublicSettings = { ...defaultSettings(), sip };
    const host = createFakeHost({
      settings,
      answers: {
        'settings:setSocialColumn': (payload) => {
          settings = { ...settings, socialColumn: (payload as { socialColumn: 'shown' | 'hidden' }).socialColumn };
          return ok(settings);
        },
      },
    });
    renderDesk(host, { onWindow: true });

    // Step 1: one call to action in the social column, none of its "nothing here" texts, no desk-wide setup.
    const social = await screen.findByRole('region', { name: 'Social' });
    const prompt = await within(social).findByRole('region', { name: 'No social account on this desk' });
    expect(within(prompt).getByRole('button', { name: 'Connect Bluesky' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Set up your desk' })).toBeNull();
    expect(within(social).queryByRole('region', { name: 'Inbox' })).toBeNull();
    expect(within(social).queryByRole('region', { name: 'Listening' })).toBeNull();
    // The inbox and listening stay mounted behind it (a team's conversation would end the prompt), so their texts exist, unseen.
    for (const empty of [/No social account is set up/, /No conversations waiting/, /No conversations match these filters/, /No matches yet/]) {
      for (const text of within(social).queryAllByText(empty)) expect(text).not.toBeVisible();
    }

    // Step 2: "Hide this column" leaves the Customers area alone, and the choice goes to main.
    fireEvent.click(within(prompt).getByRole('button', { name: 'Hide this column (phone only)' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Social' })).toBeNull());
    expect(screen.queryByRole('tab', { name: 'Social' })).toBeNull();
    expect(screen.getByRole('tab', { name: 'Customers' })).toHaveAttribute('aria-selected', 'true');
    expect(host.requests.filter((request) => request.channel === 'settings:setSocialColumn').at(-1)?.payload).toEqual({ socialColumn: 'hidden' });

    // Step 3: Accounts → "Show the social column" brings it back, call to action and all.
    fireEvent.click(screen.getByRole('button', { name: 'Accounts' }));
    const toggle = screen.getByRole('checkbox', { name: 'Show the social column' });
    expect(toggle).not.toBeChecked();
    fireEvent.click(toggle);
    expect(await screen.findByRole('tab', { name: 'Social' })).toBeInTheDocument();
    expect(await screen.findByRole('region', { name: 'No social account on this desk' })).toBeInTheDocument();
  });
});
