/**
 * Dialling like a desk phone (issue 12, item 4), on real Kamailio and baresip:
 * the dial box offers teammates from the profile's roster as Ana types part of
 * a name; she picks one with the keyboard and that colleague's phone rings.
 * A bare extension rings too, and the transfer box offers the same names.
 *
 *   npm run build && unshare -n bash -c 'ip link set lo up && export TANDEM_NETNS=1 && npx playwright test --project e2e tests/e2e/dial-completions.spec.ts'
 */
import { mkdir } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { axeAudit } from './support/axeAudit';
import { expect, test, USERS } from './support/softphone';

const SCREENSHOTS = 'test-results/screenshots';

// Calls ring real phones, and the open list is audited in two schemes and photographed at two sizes on a shared machine.
test.describe.configure({ timeout: 150_000 });

test.beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
});

const calls = (page: Page) => page.getByRole('list', { name: 'Current calls' });
const callWith = (page: Page, text: string | RegExp): Locator => calls(page).getByRole('listitem').filter({ hasText: text });

test('Ana types part of a colleague’s name, picks him with the keyboard, and his phone rings; a bare extension rings too', async ({ sip }) => {
  const domain = sip.kamailio.domain;
  const roster = [
    { name: 'Carlos Mendes', uri: `sip:${USERS.colleague}@${domain}` },
    { name: 'Ben Okafor', uri: `sip:${USERS.ben}@${domain}` },
  ];
  const ana = await sip.agent('Ana Ruiz', USERS.ana, { roster });
  const carlos = await sip.phone(USERS.colleague, { answerMode: 'manual' });
  const ben = await sip.phone(USERS.ben, { answerMode: 'manual' });
  const box = ana.page.getByRole('combobox', { name: 'Phone number or SIP address' });
  const suggestions = ana.page.getByRole('listbox', { name: 'Suggestions' });

  await test.step('Ana types "car" and the box offers Carlos from the team, and nobody else', async () => {
    await box.pressSequentially('car');
    await expect(box).toHaveAttribute('aria-expanded', 'true');
    await expect(suggestions.getByRole('option')).toHaveCount(1);
    await expect(suggestions.getByRole('option').first()).toContainText('Carlos Mendes');
    await expect(suggestions.getByRole('option').first()).toContainText('Teammate');
  });

  await test.step('Arrow down highlights Carlos; the open list passes the accessibility audit', async () => {
    await box.press('ArrowDown');
    const carlosOption = suggestions.getByRole('option', { name: /Carlos Mendes/ });
    await expect(carlosOption).toHaveAttribute('aria-selected', 'true');
    await expect(box).toHaveAttribute('aria-activedescendant', (await carlosOption.getAttribute('id')) ?? '');
    // The list must stay open and readable on a full-HD desk as on a laptop (issue 12's two screen sizes).
    for (const [width, height] of [
      [1920, 1080],
      [1280, 720],
    ] as const) {
      await ana.page.setViewportSize({ width, height });
      await expect(carlosOption).toBeVisible();
      await ana.page.screenshot({ path: `${SCREENSHOTS}/dial-completions-open-${width}x${height}.png` });
    }
    await axeAudit(ana.page, 'dial box with its suggestions open', { schemes: ['light', 'dark'] });
  });

  await test.step('Enter puts Carlos’s address in the box and closes the list; Enter again calls him and his phone rings', async () => {
    await box.press('Enter');
    await expect(box).toHaveValue(`sip:${USERS.colleague}@${domain}`);
    await expect(box).toHaveAttribute('aria-expanded', 'false');
    await expect(calls(ana.page)).toHaveCount(0);
    await box.press('Enter');
    await carlos.waitForEvent('CALL_INCOMING');
    await expect(callWith(ana.page, USERS.colleague)).toBeVisible();
    await carlos.hangup();
    await expect(calls(ana.page)).toHaveCount(0);
  });

  await test.step('Escape closes the list and leaves what Ana typed', async () => {
    await box.fill('');
    await box.pressSequentially('be');
    await expect(suggestions.getByRole('option', { name: /Ben Okafor/ })).toBeVisible();
    await box.press('Escape');
    await expect(box).toHaveAttribute('aria-expanded', 'false');
    await expect(box).toHaveValue('be');
  });

  await test.step('Ana dials Ben’s bare extension 1002 and his phone rings', async () => {
    await box.fill(USERS.ben);
    await box.press('Enter');
    await ben.waitForEvent('CALL_INCOMING');
    await expect(callWith(ana.page, USERS.ben)).toBeVisible();
    await ben.hangup();
    await expect(calls(ana.page)).toHaveCount(0);
  });
});

test('the transfer box offers the same teammates: Ana hands a customer to Carlos by name', async ({ sip }) => {
  const domain = sip.kamailio.domain;
  const ana = await sip.agent('Ana Ruiz', USERS.ana, { roster: [{ name: 'Carlos Mendes', uri: `sip:${USERS.colleague}@${domain}` }] });
  const customer = await sip.phone(USERS.customer);
  const carlos = await sip.phone(USERS.colleague, { answerMode: 'manual' });
  const call = callWith(ana.page, USERS.customer);

  await test.step('Ana calls the customer and the call connects', async () => {
    const box = ana.page.getByRole('combobox', { name: 'Phone number or SIP address' });
    await box.fill(customer.sipUri);
    await box.press('Enter');
    await expect(call).toContainText('Connected');
  });

  await test.step('in Transfer to, "men" offers Carlos; Ana picks him with the keyboard and transfers; his phone rings', async () => {
    await call.getByRole('button', { name: 'Transfer' }).click();
    const target = call.getByRole('combobox', { name: 'Transfer to' });
    await target.pressSequentially('men');
    await expect(call.getByRole('option', { name: /Carlos Mendes/ })).toBeVisible();
    await target.press('ArrowDown');
    await target.press('Enter');
    await expect(target).toHaveValue(`sip:${USERS.colleague}@${domain}`);
    await call.getByRole('button', { name: 'Transfer now' }).click();
    await carlos.waitForEvent('CALL_INCOMING');
  });
});
