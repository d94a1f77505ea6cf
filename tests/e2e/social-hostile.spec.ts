import type { AtpAgent } from '@atproto/api';
import { startBlueskyPds, type BlueskyAccount, type BlueskyPds } from '../peers/blueskyPds';
import { expect, startHost, test, type TandemHost } from './fixtures';

/** A post from `author` that mentions the brand (a mention facet with its DID), plus any extra facets. */
async function mention(author: BlueskyAccount, brand: BlueskyAccount, text: string, facets: unknown[] = []): Promise<string> {
  const prefix = `@${brand.handle} `;
  const full = `${prefix}${text}`;
  const agent: AtpAgent = author.agent;
  const byteEnd = new TextEncoder().encode(prefix.trimEnd()).length;
  const created = await agent.post({
    text: full,
    createdAt: new Date().toISOString(),
    facets: [{ index: { byteStart: 0, byteEnd }, features: [{ $type: 'app.bsky.richtext.facet#mention', did: brand.did }] }, ...facets] as never,
  });
  return created.uri;
}

const link = (byteStart: number, byteEnd: number, uri: string) => ({
  index: { byteStart, byteEnd },
  features: [{ $type: 'app.bsky.richtext.facet#link', uri }],
});

test.describe('hostile posts reach the inbox through the real host and Bluesky PDS', () => {
  let pds: BlueskyPds;
  let host: TandemHost;
  let brand: BlueskyAccount;
  let customer: BlueskyAccount;

  test.beforeAll(async () => {
    pds = await startBlueskyPds();
    brand = await pds.createAccount('deskbrand.test');
    customer = await pds.createAccount('carla.test');
    const appPassword = await pds.createAppPassword(brand);
    host = await startHost({
      agent: { name: 'Ana Ruiz', role: 'agent' },
      social: [{ network: 'bluesky', service: pds.url, handle: brand.handle, appPassword }],
    });
  });

  test.afterAll(async () => {
    await host?.stop();
    await pds?.close();
  });

  test('the hostile-post corpus renders inert', async ({ page }) => {
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const inbox = page.getByRole('region', { name: 'Inbox' });
    const conversation = page.getByRole('region', { name: /Conversation/ });

    await test.step('Ana’s desk is live on the brand’s Bluesky account', async () => {
      await host.open(page);
      await expect(page.getByRole('status', { name: 'Connection' })).toContainText('Bluesky: Live', { timeout: 30_000 });
    });

    await test.step('Carla posts six hostile mentions: markup, script, bidi override, zalgo, a very long line, bad link facets', async () => {
      await mention(customer, brand, '<img src=x onerror="window.__pwned=1"><b>bold</b>');
      await mention(customer, brand, '<script>window.__pwned=1</script>');
      await mention(customer, brand, 'invoice\u202Efdp.exe');
      await mention(customer, brand, `Z${'\u0301\u0336\u0358'.repeat(40)}algo`);
      await mention(customer, brand, `${'long '.repeat(54)}end`);
      const prefixBytes = new TextEncoder().encode(`@${brand.handle} `).length;
      await mention(customer, brand, 'evil and good', [
        link(prefixBytes, prefixBytes + 4, 'javascript:window.__pwned=1'),
        link(prefixBytes + 9, prefixBytes + 13, 'https://acme.test/help'),
        // A broken facet: its byte range runs past the end of the text.
        link(prefixBytes + 5, prefixBytes + 500, 'https://broken.test/'),
      ]);
    });

    await test.step('all six reach the inbox, markup shown as text', async () => {
      await expect(inbox.getByRole('listitem')).toHaveCount(6, { timeout: 30_000 });
      await expect(inbox.getByText('<script>window.__pwned=1</script>', { exact: false })).toBeVisible();
      await expect(inbox.getByText('@carla.test').first()).toBeVisible();
      await expect(inbox.getByText('Public').first()).toBeVisible();
    });

    await test.step('in the conversation the https link is safe and the javascript: link is not a link', async () => {
      await inbox.getByRole('button', { name: /evil and good/ }).click();
      const links = conversation.getByRole('link');
      await expect(links.filter({ hasText: 'https://acme.test/help' })).toHaveAttribute('rel', 'noopener noreferrer');
      await expect(conversation.locator('a[href^="javascript"]')).toHaveCount(0);
    });

    await test.step('nothing ran: no elements injected, no script, no bidi override, no dialog', async () => {
      expect(await page.evaluate(() => document.querySelectorAll('#root img, #root script, #root b').length)).toBe(0);
      expect(await page.evaluate(() => Reflect.get(window, '__pwned') as unknown)).toBeUndefined();
      expect(await page.evaluate(() => document.body.innerText.includes('\u202E'))).toBe(false);
      expect(dialogs).toEqual([]);
      await page.screenshot({ path: 'test-results/screenshots/social-hostile.png', fullPage: true });
    });
  });
});
