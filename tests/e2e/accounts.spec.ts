/**
 * The settings screen's phone account: an agent with no SIP account in her
 * profile types one in and the line registers against the real Kamailio.
 */
import { startHost } from './fixtures';
import { expect, test, USERS } from './support/softphone';

test.describe('an agent sets up her phone account in the app', () => {
  test('a wrong password says credentials rejected; the right one registers, and the password is never shown again', async ({ sip, browser }) => {
    const host = await startHost({ agent: { name: 'Ana Ruiz', role: 'agent' } });
    const page = await (await browser.newContext()).newPage();
    try {
      const line = page.getByRole('status', { name: 'Phone line' });
      const form = page.getByRole('form', { name: 'Phone account' });

      await test.step('Ana opens Accounts and an http:// server is refused with a hint', async () => {
        await page.goto(host.url);
        await page.getByRole('button', { name: 'Accounts' }).click();
        await form.getByRole('textbox', { name: 'SIP server' }).fill('http://not-a-websocket');
        await form.getByRole('button', { name: 'Save phone account' }).click();
        await expect(form.getByText('Enter a ws:// or wss:// address.')).toBeVisible();
      });

      await test.step('she saves her account with a wrong password and the line says credentials rejected', async () => {
        await form.getByRole('textbox', { name: 'SIP server' }).fill(sip.kamailio.wsUrl);
        await form.getByRole('textbox', { name: 'SIP address' }).fill(`sip:${USERS.ana}@${sip.kamailio.domain}`);
        await form.getByRole('textbox', { name: 'Authorization user' }).fill(USERS.ana);
        await form.getByLabel('Password').fill('not-her-password');
        await form.getByRole('textbox', { name: 'Display name' }).fill('Ana R.');
        await form.getByRole('button', { name: 'Save phone account' }).click();
        await expect(line).toContainText('Password rejected', { timeout: 15_000 });
      });

      await test.step('the right password registers and the field is emptied', async () => {
        await form.getByLabel('Password').fill('pw-ana');
        await form.getByRole('button', { name: 'Save phone account' }).click();
        await expect(line).toContainText('Registered', { timeout: 15_000 });
        await expect(form.getByLabel('Password')).toHaveValue('');
      });

      await test.step('nothing the page can read holds the password', async () => {
        const settings = await page.evaluate(async () =>
          JSON.stringify(await (window as unknown as { tandem: { getSettings(): Promise<unknown> } }).tandem.getSettings()),
        );
        expect(settings).not.toContain('pw-ana');
        expect(settings).toContain('"hasPassword":true');
      });

      await test.step('Add Bluesky account opens the modal Connect Bluesky dialog; Escape closes it and the focus returns to that button', async () => {
        const add = page.getByRole('button', { name: 'Add Bluesky account' });
        await add.click();
        const dialog = page.getByRole('dialog', { name: 'Connect Bluesky' });
        await expect(dialog.getByRole('textbox', { name: 'Handle' })).toBeFocused();
        for (const field of ['Service', 'App password', 'Chat service (optional)']) await expect(dialog.getByLabel(field, { exact: true })).toBeVisible();
        await page.keyboard.press('Escape');
        await expect(dialog).toHaveCount(0);
        await expect(add).toBeFocused();
      });
    } finally {
      await page.context().close();
      await host.stop();
    }
  });
});
