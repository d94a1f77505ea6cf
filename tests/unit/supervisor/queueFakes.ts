import type { QueueConversation } from '@tandem/contract';

/** A public post from Lucía waiting in the team's social queue since `at`, as `supervisor_queue()` returns it. */
export function queuedPost(at: number, overrides: Partial<QueueConversation> = {}): QueueConversation {
  return {
    id: 'at://lucia/1',
    accountId: 'bluesky:brand.test',
    status: 'new',
    visibility: 'public',
    handler: null,
    authorHandle: 'lucia.test',
    authorName: 'Lucía F.',
    authorFollowers: 2,
    text: 'my phone arrived broken',
    langs: ['en'],
    firstAt: at,
    firstResponseAt: null,
    waitingSince: at,
    phones: [],
    customerName: null,
    ...overrides,
  };
}
