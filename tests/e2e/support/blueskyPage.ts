/**
 * Page-side helpers for the social e2e specs: the inbox and listening regions by role, and a
 * walk through the virtualised inbox list (only the rows near the viewport are in the DOM).
 */
import type { Locator, Page } from '@playwright/test';

export const inboxOf = (page: Page): Locator => page.getByRole('region', { name: 'Inbox' });
export const listeningOf = (page: Page): Locator => page.getByRole('region', { name: 'Listening' });
export const conversationOf = (page: Page): Locator => page.getByRole('region', { name: /^Conversation/ });

/** The inbox row (list item) whose text contains `text`. */
export const rowWith = (page: Page, text: string): Locator => inboxOf(page).getByRole('listitem').filter({ hasText: text });

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Opens the conversation whose inbox row shows `text` (its button is named by handle + post text). */
export async function openConversation(page: Page, text: string): Promise<Locator> {
  // eslint-disable-next-line security/detect-non-literal-regexp -- built from escaped test text
  const name = new RegExp(escapeRegExp(text));
  await rowWith(page, text).getByRole('button', { name }).click();
  return conversationOf(page);
}

/**
 * Every row of the inbox list, top to bottom, as rendered text: scrolls the virtualised list
 * through its whole height, reading the rows the virtualiser mounts (by aria-posinset).
 */
export async function allInboxRows(page: Page): Promise<string[]> {
  return inboxOf(page)
    .getByRole('list')
    .evaluate(async (list: Element) => {
      const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
      const rows = new Map<number, string>();
      const read = () => {
        for (const row of list.querySelectorAll('[role="listitem"]')) {
          rows.set(Number(row.getAttribute('aria-posinset')), (row as HTMLElement).innerText);
        }
      };
      const before = list.scrollTop;
      list.scrollTop = 0;
      await frame();
      await frame();
      for (;;) {
        read();
        if (list.scrollTop + list.clientHeight >= list.scrollHeight - 1) break;
        list.scrollTop += Math.max(1, Math.floor(list.clientHeight / 2));
        await frame();
        await frame();
      }
      read();
      list.scrollTop = before;
      return [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([, text]) => text);
    });
}
