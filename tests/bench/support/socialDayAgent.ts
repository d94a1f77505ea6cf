/**
 * The agent's side of the memory bench's compressed day (socialDay.bench.ts), driven through the
 * desk as a person would, by role and accessible name: open the conversation at the top of the
 * inbox (the longest-waiting customer), answer it (publicly through the preview, or privately),
 * close it, close the view. Plus the page's day clock, and the reads the bench waits on.
 */
import { expect, type Page } from '@playwright/test';
import { SIGNATURE } from '../../e2e/support/bluesky';
import { conversationOf, inboxOf } from '../../e2e/support/blueskyPage';

/**
 * Init script: the page's `Date.now()` runs ahead by `__tandemDayOffset` ms, which the bench
 * advances an hour per hour of the day, so the inbox's minute clock (ui/useNow.ts, polled every
 * 15 s) ticks to new minutes and waiting times grow as over a real day. Only `Date.now` moves:
 * items keep the network's timestamps.
 */
export function installDayClock(): void {
  const realNow = Date.now.bind(Date);
  Reflect.set(window, '__tandemDayOffset', 0);
  Date.now = () => realNow() + Number(Reflect.get(window, '__tandemDayOffset'));
}

export const advanceDayClock = (page: Page, ms: number) =>
  page.evaluate((step) => Reflect.set(window, '__tandemDayOffset', Number(Reflect.get(window, '__tandemDayOffset')) + step), ms);

/** Items in the desk's journal copy (the renderer's Dexie table), read with raw IndexedDB. */
export const journalledItems = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const request = indexedDB.open('tandem');
        request.onerror = () => reject(request.error ?? new Error('open failed'));
        request.onsuccess = () => {
          const db = request.result;
          const count = db.transaction('socialItems').objectStore('socialItems').count();
          count.onsuccess = () => {
            resolve(count.result);
            db.close();
          };
          count.onerror = () => reject(count.error ?? new Error('count failed'));
        };
      }),
  );

/** Waits until the journal copy (raw IndexedDB, no app code) holds at least `expected` items. */
export async function waitJournalled(page: Page, expected: number, timeoutMs: number): Promise<void> {
  await expect
    .poll(() => journalledItems(page), { timeout: timeoutMs, intervals: [250, 500], message: `the desk's journal copy should hold ${expected} items` })
    .toBeGreaterThanOrEqual(expected);
}

export type Answered = 'public' | 'private';

/**
 * Handles the conversation at the top of the inbox (with `preferPrivate`, of its private
 * messages, so the day answers privately too): open, answer with `text`, wait until the
 * thread shows our reply (journalled), set the status to Closed, close the view. Returns how it
 * answered, or null when the inbox had no row.
 */
export async function handleTopConversation(page: Page, text: string, preferPrivate = false): Promise<Answered | null> {
  // The inbox's own filter, as an agent would pick private messages: "Public or private" → "Private only", and back after.
  const visibility = inboxOf(page).getByRole('combobox', { name: 'Public or private' });
  if (preferPrivate) await visibility.selectOption('private');
  try {
    return await handleTop(page, text);
  } finally {
    if (preferPrivate) await visibility.selectOption('all');
  }
}

async function handleTop(page: Page, text: string): Promise<Answered | null> {
  const top = inboxOf(page).getByRole('listitem').first();
  if ((await top.count()) === 0) return null;
  await top.locator('.conv-open').click();
  const conversation = conversationOf(page);
  const reply = conversation.getByRole('textbox', { name: 'Reply' });
  await reply.fill(`${text}\n${SIGNATURE}`);
  const send = conversation.getByRole('button', { name: /^Send (publicly|privately)$/ });
  const mode: Answered = (await send.textContent())?.includes('privately') === true ? 'private' : 'public';
  await send.click();
  if (mode === 'public') await conversation.getByRole('button', { name: 'Confirm' }).click();
  await conversation.getByRole('listitem').filter({ hasText: 'Our reply' }).filter({ hasText: text }).first().waitFor({ timeout: 30_000 });
  await conversation.getByRole('combobox', { name: 'Status' }).selectOption('closed');
  await conversation.getByRole('button', { name: 'Close conversation' }).click();
  await conversation.waitFor({ state: 'detached', timeout: 10_000 });
  return mode;
}
