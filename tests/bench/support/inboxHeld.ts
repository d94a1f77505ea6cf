/**
 * How many conversations the desk's page holds in memory: the inbox's count with every status shown
 * (closed conversations leave memory a week after they close, renderer/src/social/closedInMemory.ts,
 * so "All statuses" counts exactly what the page keeps), then back to the default filter. The
 * memory benches divide the page's heap by it.
 */
import type { Page } from '@playwright/test';
import { inboxOf } from '../../e2e/support/blueskyPage';

export async function heldConversations(page: Page): Promise<number> {
  const inbox = inboxOf(page);
  const show = inbox.getByRole('combobox', { name: 'Show' });
  await show.selectOption('all');
  const count = inbox.getByText(/^[\d,]+ conversations?$/);
  await count.waitFor();
  const held = Number((await count.innerText()).replace(/\D/g, ''));
  await show.selectOption('active');
  return held;
}
