// @vitest-environment happy-dom
import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fail } from '@tandem/contract';
import type { Desk } from '../../../renderer/src/startDesk';
import { createFakeHost } from './fakeHost';
import { ANA_SIP } from './softphoneFakes';
import { closeDesk, renderDesk } from './deskFixture';

let desk: Desk | undefined;

afterEach(closeDesk);

describe('an agent changes her phone server without retyping the password', () => {
  it('main refuses, and the panel says to type the Password again, in her language', async () => {
    // Main answers as SettingsService does when the account moves without its password.
    const host = createFakeHost({
      settings: { sip: ANA_SIP },
      answers: { 'settings:setSipAccount': () => fail('rejected', 'settings.errors.passwordRequired', 'password') },
    });
    desk = renderDesk(host, { onWindow: true });
    await screen.findByText('Maya Lopez');

    // Step 1: she opens Accounts and points the line at another server, password left empty.
    fireEvent.click(screen.getByRole('button', { name: 'Accounts' }));
    const form = await screen.findByRole('form', { name: 'Phone account' });
    fireEvent.change(within(form).getByRole('textbox', { name: 'SIP server' }), { target: { value: 'ws://127.0.0.1:9999' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save phone account' }));

    // Step 2: the refusal names the field she has to fill.
    const alert = await within(form).findByRole('alert');
    expect(alert.textContent).toBe('You changed the server, domain or authorization user: type the Password again to save this phone account.');
    expect(within(form).getByLabelText('Password')).toBeInTheDocument();

    // Step 3: in Spanish, the same refusal in Spanish.
    await desk.i18n.changeLanguage('es');
    expect(await within(form).findByRole('alert')).toHaveTextContent('escriba de nuevo la Contraseña');
  });
});
