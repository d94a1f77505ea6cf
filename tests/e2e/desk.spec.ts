import { expect, test } from './fixtures';

test.describe('an agent opens Tandem in the browser', () => {
  test('without the token the page is refused and shows nothing of the app', async ({ page, host }) => {
    const response = await page.goto(host.origin);
    expect(response?.status()).toBe(401);
    await expect(page.getByRole('heading', { name: 'Access refused' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Calls', exact: true })).toHaveCount(0);
    expect(await page.evaluate(() => 'tandem' in window)).toBe(false);
  });

  test('with the printed address the desk renders, with its areas named for screen readers', async ({ page, host }) => {
    // Every breach of the page's own content security policy (an eval, an inline script), as the page hears it.
    await page.addInitScript(() => {
      const seen: string[] = [];
      Object.defineProperty(window, '__cspViolations', { value: seen });
      document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
    });
    await test.step('the launch code is swapped for a cookie and the desk moves to the host’s own name', async () => {
      await page.goto(host.url);
      expect(new URL(page.url()).search).toBe('');
      expect(new URL(page.url()).hostname).toMatch(/^t[0-9a-f]{16}\.localhost$/);
    });

    await test.step('the desk shows the agent and names its areas for screen readers', async () => {
      await expect(page.getByRole('banner')).toContainText('Ana Ruiz');
      await expect(page.getByRole('status').first()).toBeVisible();
      for (const name of ['Calls', 'Social', 'Caller context']) {
        await expect(page.getByRole('region', { name, exact: true })).toBeVisible();
      }
    });

    await test.step('the page got the typed API and nothing else: no node, no raw IPC', async () => {
      const exposed = await page.evaluate(() => {
        const w = window as unknown as { tandem?: { getAppInfo?: unknown }; require?: unknown };
        return [typeof w.tandem?.getAppInfo, typeof w.require];
      });
      expect(exposed).toEqual(['function', 'undefined']);
      await page.screenshot({ path: 'test-results/screenshots/desk-en.png', fullPage: true });
    });

    await test.step('nothing on the page broke its content security policy: zod, told eval is refused, never probes for it', async () => {
      // The bridge and the app have parsed by now (the agent's name came through both).
      expect(await page.evaluate(() => Reflect.get(window, '__cspViolations') as string[])).toEqual([]);
    });
  });

  test('the printed address works once: a second browser that replays it is refused', async ({ page, host, browser }) => {
    await page.goto(host.url);
    await expect(page.getByRole('region', { name: 'Calls', exact: true })).toBeVisible();
    const other = await browser.newContext();
    const replay = await (await other.newPage()).goto(host.url);
    expect(replay?.status()).toBe(401);
    await other.close();
  });

  test('switching to Spanish relabels the desk and is remembered after a reload', async ({ page, host }) => {
    await page.goto(host.url);
    await page.getByRole('combobox', { name: 'Language' }).selectOption('es');
    await expect(page.getByRole('region', { name: 'Llamadas', exact: true })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    await page.reload();
    await expect(page.getByRole('region', { name: 'Llamadas', exact: true })).toBeVisible();
    await page.screenshot({ path: 'test-results/screenshots/desk-es.png', fullPage: true });
    await page.getByRole('combobox', { name: 'Idioma' }).selectOption('en');
    await expect(page.getByRole('region', { name: 'Calls', exact: true })).toBeVisible();
  });

  test('the dark theme follows the system', async ({ browser, host }) => {
    const context = await browser.newContext({ colorScheme: 'dark' });
    const page = await context.newPage();
    await page.goto(host.url);
    await expect(page.getByRole('region', { name: 'Calls', exact: true })).toBeVisible();
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const [r, g, b] = (background.match(/\d+/g) ?? ['255', '255', '255']).map(Number);
    expect((r ?? 255) + (g ?? 255) + (b ?? 255)).toBeLessThan(3 * 100);
    await page.screenshot({ path: 'test-results/screenshots/desk-dark.png', fullPage: true });
    await context.close();
  });
});
