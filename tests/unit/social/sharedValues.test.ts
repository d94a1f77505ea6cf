import { describe, expect, it } from 'vitest';
import { createSharedValues } from '../../../renderer/src/social/sharedValues';
import type { Meaning } from '../../../renderer/src/social/meaning/analyseMeaning';
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

describe('the values conversations share', () => {
  it('gives back the same conversation with every value as it was', () => {
    const share = createSharedValues();
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
    const share = createSharedValues(3);
    for (let i = 0; i < 20; i += 1) {
      const next = conversation(`c${i}`, { authorDid: `did:plc:customer${i}`, authorHandle: `customer${i}.bsky.social` });
      expect(share(next).authorHandle).toBe(`customer${i}.bsky.social`);
    }
  });

  it('a customer who renamed keeps the new name, in the new conversation, and the next ones', () => {
    const share = createSharedValues();
    share(conversation('a'));
    const renamed = share(conversation('b', { authorDisplayName: 'Carla R.', authorHandle: 'carla.example' }));
    expect(renamed.authorDisplayName).toBe('Carla R.');
    expect(renamed.authorHandle).toBe('carla.example');
    expect(share(conversation('c', { authorDisplayName: 'Carla R.', authorHandle: 'carla.example' })).authorDisplayName).toBe('Carla R.');
    // The brand's own rows (no customer yet) are left as they are.
    expect(share(conversation('d', { authorDid: '', authorHandle: '' })).authorHandle).toBe('');
  });

  it('shares sentiment words and empty judgements, and keeps each conversation’s own values', () => {
    const share = createSharedValues();
    const judged = (id: string, words: { word: string; score: number }[]): Conversation => {
      const meaning: Meaning = {
        language: { language: 'en', source: 'guess' },
        polarity: { available: true, score: -2, words },
        complaint: true,
        reasons: [],
        escalation: [],
        troll: false,
        tone: 'negative',
      };
      // As IndexedDB hands it over: one list, reached from the conversation and from its judgement.
      return structuredClone(conversation(id, { sentimentWords: words, meaning, replyToUri: id, inboxKey: [0, -5, -1] }));
    };
    const first = share(
      judged('at://carla/1', [
        { word: 'broken', score: -1 },
        { word: 'slow', score: -2 },
      ]),
    );
    const second = share(judged('at://carla/2', [{ word: 'slow', score: -2 }]));
    const stillEqual = judged('at://carla/2', [{ word: 'slow', score: -2 }]);
    // The page keeps no copy of IndexedDB's sort key; every other value reads as it was.
    expect(second).toEqual({ ...stillEqual, inboxKey: undefined });
    expect(second.inboxKey).toBeUndefined();
    expect(second.sentimentWords[0]).toBe(first.sentimentWords[1]);
    expect(second.meaning?.polarity).toMatchObject({ words: second.sentimentWords });
    if (second.meaning?.polarity.available === true) expect(second.meaning.polarity.words).toBe(second.sentimentWords);
    expect(second.meaning?.reasons).toBe(first.meaning?.reasons);
    expect(second.meaning?.escalation).toBe(first.meaning?.reasons);
    expect(second.replyToUri).toBe(second.id);
    // A word the lexicon scored differently elsewhere (negation) keeps its own score.
    const negated = share(judged('at://carla/3', [{ word: 'slow', score: 2 }]));
    expect(negated.sentimentWords).toEqual([{ word: 'slow', score: 2 }]);
    // A conversation without words points to the one empty list.
    expect(share(conversation('d')).sentimentWords).toBe(share(conversation('e')).sentimentWords);
  });
});
