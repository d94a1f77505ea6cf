import { describe, expect, it } from 'vitest';
import { createSharedStrings } from '../../../renderer/src/social/sharedStrings';
import type { Conversation } from '../../../renderer/src/social/socialTables';

const conversation = (id: string, overrides: Partial<Conversation> = {}): Conversation => ({
  id,
  network: 'bluesky',
  accountId: 'did:plc:brand',
  visibility: 'public',
  status: 'open',
  assignedToMe: false,
  lastItemAt: 1,
  firstWaitingSince: 1,
  authorDid: 'did:plc:carla',
  authorHandle: 'carla.bsky.social',
  authorDisplayName: 'Carla <b>Ruiz</b>\u202e',
  authorFollowers: null,
  authorAvatarUrl: null,
  sentimentScore: 0,
  sentimentWords: [],
  priority: 0,
  replyToUri: null,
  preview: 'hello',
  itemCount: 1,
  ...overrides,
});

describe('the strings conversations share', () => {
  it('gives back the same conversation with every value as it was', () => {
    const share = createSharedStrings();
    const first = conversation('a');
    const copy = structuredClone(first);
    expect(share(first)).toBe(first);
    expect(first).toEqual(copy);
    // A second conversation from the same customer reads the same, absent and null fields untouched.
    const { authorAvatarUrl: _absent, ...second } = conversation('b');
    expect(share(second)).toEqual({ ...second });
    expect(share(second)).not.toHaveProperty('authorAvatarUrl');
  });

  it('starts afresh at its limit and keeps working', () => {
    const share = createSharedStrings(3);
    for (let i = 0; i < 20; i += 1) {
      const next = conversation(`c${i}`, { authorDid: `did:plc:customer${i}`, authorHandle: `customer${i}.bsky.social` });
      expect(share(next).authorHandle).toBe(`customer${i}.bsky.social`);
    }
  });

  it('a customer who renamed keeps the new name, in the new conversation, and the next ones', () => {
    const share = createSharedStrings();
    share(conversation('a'));
    const renamed = share(conversation('b', { authorDisplayName: 'Carla R.', authorHandle: 'carla.example' }));
    expect(renamed.authorDisplayName).toBe('Carla R.');
    expect(renamed.authorHandle).toBe('carla.example');
    expect(share(conversation('c', { authorDisplayName: 'Carla R.', authorHandle: 'carla.example' })).authorDisplayName).toBe('Carla R.');
    // The brand's own rows (no customer yet) are left as they are.
    expect(share(conversation('d', { authorDid: '', authorHandle: '' })).authorHandle).toBe('');
  });
});
