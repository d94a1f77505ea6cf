import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/core/log/logger';
import { Journal } from '../../../main/core/social/journal';
import { HashSlots, NumberColumn, seededHash } from '../../../main/core/social/journalIndex';
import { manualClock } from '../softphone/support/manualClock';
import { step } from '../../integration/support/step';
import { incomingItem as item, journalPath } from './journalFixture';
import { settledMemory } from './settledMemory';

/** Every text the same hash: each URI and conversation collides with all the others. */
const oneHash = () => 7;
const uris = (items: readonly { uri: string }[]) => items.map((entry) => entry.uri);

/** A small deterministic random source (mulberry32), so a failing sequence of operations comes back the same. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the journal’s index keeps hashes, and a shared hash never costs an item', () => {
  it('Carla and Dan post under URIs that hash alike: both are journalled, found and threaded apart, and each repeat is dropped', async () => {
    const file = await journalPath();
    const journal = await Journal.open(file, silentLogger, { hashText: oneHash });
    await step('Carla’s mention lands; Dan’s, with the same hash, is not taken for a repeat of it', async () => {
      expect(await journal.append([item('at://carla/1')])).toMatchObject([{ seq: 0 }]);
      expect(await journal.append([item('at://dan/1')])).toMatchObject([{ seq: 1, uri: 'at://dan/1' }]);
    });
    await step('a batch of a repeat and a new post under the one hash keeps only the new post', async () => {
      const reply = item('at://carla/1/reply', { kind: 'reply', conversationId: 'at://carla/1' });
      expect(uris(await journal.append([item('at://dan/1'), reply, item('at://carla/1')]))).toEqual(['at://carla/1/reply']);
    });
    await step('replays of what it holds are still dropped', async () => {
      expect(await journal.append([item('at://carla/1'), item('at://dan/1'), item('at://carla/1/reply')])).toEqual([]);
    });
    await step('each URI finds its own item, and a URI never journalled finds none', async () => {
      expect(await journal.get('at://dan/1')).toMatchObject({ seq: 1, uri: 'at://dan/1' });
      expect(await journal.get('at://carla/1')).toMatchObject({ seq: 0, uri: 'at://carla/1' });
      expect(await journal.get('at://erin/1')).toBeUndefined();
    });
    await step('each conversation reads back only its own items', async () => {
      expect(uris(await journal.byConversation('at://carla/1'))).toEqual(['at://carla/1', 'at://carla/1/reply']);
      expect(uris(await journal.byConversation('at://dan/1'))).toEqual(['at://dan/1']);
    });
    await journal.close();
    await step('opened again, the index is rebuilt from the file with the same answers', async () => {
      const reopened = await Journal.open(file, silentLogger, { hashText: oneHash });
      expect(await reopened.append([item('at://dan/1'), item('at://erin/1')])).toMatchObject([{ seq: 3, uri: 'at://erin/1' }]);
      expect(uris(await reopened.byConversation('at://carla/1'))).toEqual(['at://carla/1', 'at://carla/1/reply']);
      await reopened.close();
    });
  });

  it('an item past the retention leaves the index without taking a newer item that shares its hash', async () => {
    const clock = manualClock();
    const day = 86_400_000;
    const journal = await Journal.open(await journalPath(), silentLogger, { now: clock.now(), hashText: oneHash, retentionMs: day });
    await journal.append([item('at://old', { receivedAt: clock.now() })]);
    clock.advance(day / 2);
    await journal.append([
      item('at://new', { receivedAt: clock.now() }),
      item('at://new/r', { kind: 'reply', conversationId: 'at://new', receivedAt: clock.now() }),
    ]);
    clock.advance(day / 2 + 1);
    await journal.expire(clock.now());
    expect(await journal.get('at://old')).toBeUndefined();
    expect(await journal.byConversation('at://old')).toEqual([]);
    expect(await journal.get('at://new')).toMatchObject({ seq: 1 });
    expect(uris(await journal.byConversation('at://new'))).toEqual(['at://new', 'at://new/r']);
    expect(await journal.append([item('at://old', { receivedAt: clock.now() })])).toMatchObject([{ seq: 3 }]);
    await journal.close();
  });

  it('holds 20 000 items in under 150 B each, typed arrays counted (the strings-and-Maps index took 280 B)', async () => {
    // After a full GC; the file holds the items, so what grows is the index. Typed arrays keep their values outside the heap: counted too.
    const journal = await Journal.open(await journalPath(), silentLogger);
    const used = async () => {
      const { heap, arrayBuffers } = await settledMemory();
      return heap + arrayBuffers;
    };
    const before = await used();
    for (let batch = 0; batch < 100; batch += 1) {
      const mentions = Array.from({ length: 100 }, (_, i) => item(`at://did:plc:customer${i % 16}/app.bsky.feed.post/3l${batch}x${i}`));
      const replies = mentions.map((mention, i) => item(`${mention.uri}/r${i}`, { kind: 'reply', conversationId: mention.uri }));
      await journal.append([...mentions, ...replies]);
    }
    const grown = (await used()) - before;
    expect(journal.lastSeq).toBe(19_999);
    expect(grown / 20_000).toBeLessThan(150);
    await journal.close();
  });
});

describe('HashSlots, the index’s hash table', () => {
  it('answers as a multimap of hashes would through 20 000 adds and deletes, growing and shrinking, runs wrapping the end', () => {
    const next = random(68);
    const slots = new HashSlots();
    const model = new Map<number, number[]>();
    // A hash 2^k - 1 lands on the last slot at every size: its run wraps round to the first. The others repeat too.
    const pool = Array.from({ length: 3_000 }, () => Math.floor(next() * 2 ** 53));
    const hashOf = () => (next() < 0.2 ? 2 ** (40 + Math.floor(next() * 3)) - 1 : pool[Math.floor(next() * pool.length)]!);
    for (let op = 0; op < 20_000; op += 1) {
      const hash = hashOf();
      const values = model.get(hash) ?? [];
      // Grow for the first half, then shrink: deletes get ahead of adds.
      if (next() < (op < 10_000 ? 0.7 : 0.3) || values.length === 0) {
        const value = op;
        slots.add(hash, value);
        model.set(hash, [...values, value]);
      } else {
        const value = values[Math.floor(next() * values.length)]!;
        expect(slots.delete(hash, value)).toBe(true);
        model.set(
          hash,
          values.filter((v) => v !== value),
        );
      }
      if (op % 2_500 === 0) {
        for (const [key, held] of model) expect(slots.valuesOf(key).sort((a, b) => a - b)).toEqual(held);
      }
    }
    const held = [...model.values()].flat().length;
    expect(slots.size).toBe(held);
    expect(slots.delete(12345, 1)).toBe(false);
  });

  it('keeps one value per hash through set, and the same text always hashes alike within 53 bits', () => {
    const slots = new HashSlots();
    slots.set(5, 1);
    slots.set(5, 2);
    expect(slots.valuesOf(5)).toEqual([2]);
    expect(slots.get(6)).toBeUndefined();
    const hash = seededHash(1);
    expect(hash('at://did:plc:c/app.bsky.feed.post/1')).toBe(hash('at://did:plc:c/app.bsky.feed.post/1'));
    expect(hash('at://did:plc:c/app.bsky.feed.post/1')).not.toBe(hash('at://did:plc:c/app.bsky.feed.post/2'));
    expect(Number.isSafeInteger(hash('x'))).toBe(true);
    expect(seededHash(2)('x')).not.toBe(hash('x'));
  });
});

describe('NumberColumn, the index’s positions', () => {
  it('reads as an array would while values are pushed and the oldest dropped', () => {
    const next = random(14);
    const column = new NumberColumn();
    const model: number[] = [];
    for (let op = 0; op < 10_000; op += 1) {
      if (next() < (op < 6_000 ? 0.8 : 0.2)) {
        const value = op * 2 ** 33 + 0.5;
        column.push(value);
        model.push(value);
      } else {
        const count = Math.floor(next() * 20);
        column.dropFirst(count);
        model.splice(0, count);
      }
      expect(column.length).toBe(model.length);
    }
    expect(column.slice(0, column.length)).toEqual(model);
    expect(column.at(model.length)).toBeNaN();
    column.set(0, -1);
    expect(column.at(0)).toBe(-1);
  });
});
