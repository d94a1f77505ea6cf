import { describe, expect, it } from 'vitest';
import { createRendererI18n } from '../../../renderer/src/i18n/i18n';
import type { Conversation } from '../../../renderer/src/social/socialTables';
import { urgentComplaintsToAnnounce, type AnnouncerMemory } from '../../../renderer/src/social/urgentComplaints';
import { conversationsForget, conversationsUpdate, type ConversationsState } from '../../../renderer/src/social/conversationChanges';
import { step } from '../../integration/support/step';
import { entryOf } from '../../../renderer/src/social/inboxEntry';

/** What the page keeps of these conversations (inboxEntry.ts), as the announcer reads them. */
const entriesOf = (conversations: ReadonlyMap<string, Conversation>) => new Map([...conversations].map(([id, c]) => [id, entryOf(c)]));

const NOW = Date.UTC(2026, 11, 4, 12, 0);

function conversation(id: string, patch: Partial<Conversation> = {}): Conversation {
  return {
    id,
    network: 'bluesky',
    accountId: 'bluesky:acme.test',
    visibility: 'public',
    status: 'new',
    assignedToMe: false,
    lastItemAt: NOW,
    firstWaitingSince: NOW,
    authorDid: `did:plc:${id}`,
    authorHandle: `${id}.test`,
    authorDisplayName: id,
    authorFollowers: 10,
    sentimentScore: -4,
    sentimentWords: [],
    priority: 75,
    replyToUri: null,
    preview: `post ${id}`,
    itemCount: 1,
    ...patch,
  };
}

const complaint = { complaint: true, escalation: [] } as unknown as NonNullable<Conversation['meaning']>;
const praise = { complaint: false, escalation: [] } as unknown as NonNullable<Conversation['meaning']>;

describe('a screen-reader user hears about a new urgent complaint once', () => {
  it('the backlog on opening is not read out; a new urgent complaint is, once, and a high one or praise is not', () => {
    const memory: AnnouncerMemory = { announced: new Set(), version: -1 };
    const map = new Map([['old', conversation('old', { meaning: complaint })]]);
    expect(urgentComplaintsToAnnounce(memory, entriesOf(map), 1, [{ version: 1, ids: ['old'] }])).toEqual([]);

    map.set('angry', conversation('angry', { meaning: complaint }));
    map.set('mild', conversation('mild', { meaning: complaint, priority: 45 }));
    map.set('fan', conversation('fan', { meaning: praise }));
    const heard = urgentComplaintsToAnnounce(memory, entriesOf(map), 2, [
      { version: 1, ids: ['old'] },
      { version: 2, ids: ['angry', 'mild', 'fan'] },
    ]);
    expect(heard.map((c) => c.id)).toEqual(['angry']);

    // The same conversation updated again (another post, still urgent) is not announced twice.
    expect(urgentComplaintsToAnnounce(memory, entriesOf(map), 3, [{ version: 3, ids: ['angry', 'old'] }])).toEqual([]);
  });

  it('a complaint that grows urgent later (waiting, reach) is announced when it does; a closed one never', () => {
    const memory: AnnouncerMemory = { announced: new Set(), version: -1 };
    const map = new Map([['slow', conversation('slow', { meaning: complaint, priority: 45 })]]);
    urgentComplaintsToAnnounce(memory, entriesOf(map), 1, [{ version: 1, ids: ['slow'] }]);
    map.set('slow', conversation('slow', { meaning: complaint, priority: 61 }));
    map.set('done', conversation('done', { meaning: complaint, status: 'closed' }));
    expect(urgentComplaintsToAnnounce(memory, entriesOf(map), 2, [{ version: 2, ids: ['slow', 'done'] }]).map((c) => c.id)).toEqual(['slow']);
  });

  it('after a reload (a new change log) it looks at everything, and still announces nothing twice', () => {
    const memory: AnnouncerMemory = { announced: new Set(), version: -1 };
    const map = new Map([['a', conversation('a', { meaning: complaint })]]);
    urgentComplaintsToAnnounce(memory, entriesOf(map), 5, [{ version: 5, ids: ['a'] }]);
    map.set('b', conversation('b', { meaning: complaint }));
    expect(urgentComplaintsToAnnounce(memory, entriesOf(map), 1, [{ version: 1, ids: [] }]).map((c) => c.id)).toEqual(['b']);
  });

  it('a page left open a month remembers only the announced complaints it still holds; one that comes back urgent is news again', async () => {
    // The inbox's memory and change log, written by the store's own writers.
    const inbox: { -readonly [K in keyof ConversationsState]: ConversationsState[K] } = {
      inboxEntries: new Map(),
      conversations: new Map(),
      conversationsVersion: 0,
      conversationChanges: [],
    };
    const update = (...changed: Conversation[]) => Object.assign(inbox, conversationsUpdate(inbox, changed));
    const forget = (...ids: string[]) => Object.assign(inbox, conversationsForget(inbox, ids));
    const memory: AnnouncerMemory = { announced: new Set(), version: -1 };
    const hear = () => urgentComplaintsToAnnounce(memory, inbox.inboxEntries, inbox.conversationsVersion, inbox.conversationChanges).map((c) => c.id);
    const angry = Array.from({ length: 30 }, (_, i) => conversation(`angry${i}`, { meaning: complaint }));
    const ivy = conversation('ivy', { meaning: complaint });

    await step('Given the desk opened, and on day one Ivy and 30 others complain urgently, one by one', () => {
      hear();
      update(ivy);
      expect(hear()).toEqual(['ivy']);
      for (const c of angry) {
        update(c);
        expect(hear()).toEqual([c.id]);
      }
    });

    await step('When the 30 are answered and closed, and a week later the page lets them go (Ivy’s stays open)', () => {
      update(...angry.map((c) => ({ ...c, status: 'closed' as const })));
      expect(hear()).toEqual([]);
      forget(...angry.map((c) => c.id));
      expect(hear()).toEqual([]);
    });

    await step('Then the announcer remembers only Ivy’s', () => {
      expect([...memory.announced]).toEqual(['ivy']);
    });

    await step('And after a reconnect’s full read (a new change log) Ivy’s is still not read out again', () => {
      Object.assign(inbox, {
        inboxEntries: new Map([['ivy', entryOf(ivy)]]),
        conversations: new Map([['ivy', ivy]]),
        conversationsVersion: inbox.conversationsVersion + 1,
        conversationChanges: [],
      });
      update({ ...ivy, itemCount: 2 });
      expect(hear()).toEqual([]);
    });

    await step('And conversations let go of while the announcer was far behind leave too', () => {
      const missed = conversation('missed', { meaning: complaint });
      update(missed);
      expect(hear()).toEqual(['missed']);
      update({ ...missed, status: 'closed' });
      forget('missed');
      for (let i = 0; i < 40; i += 1) update({ ...ivy, itemCount: 3 + i });
      expect(hear()).toEqual([]);
      expect([...memory.announced]).toEqual(['ivy']);
    });

    await step('And when the first of the 30 complains urgently again a month later, it is announced', () => {
      update({ ...angry[0]!, itemCount: 2 });
      expect(hear()).toEqual([angry[0]!.id]);
    });
  });

  it("the announcement names the customer, in the agent's language", () => {
    expect(createRendererI18n('en').t('social.announce.urgentComplaint', { handle: 'lucia.test', count: 1 })).toBe('New urgent complaint from @lucia.test');
    expect(createRendererI18n('ar').t('social.announce.urgentComplaint', { handle: 'lucia.test', count: 2 })).toBe(
      'شكويان عاجلتان جديدتان، آخرهما من \u2066@lucia.test\u2069',
    );
  });
});
