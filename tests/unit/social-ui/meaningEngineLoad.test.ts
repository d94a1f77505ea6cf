import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SocialItem } from '@tandem/contract';
import { openTandemDb } from '../../../renderer/src/data/db';
import { analyseMeaning, type Meaning } from '../../../renderer/src/social/meaning/analyseMeaning';
import { createMeaningLoader, MeaningEngineUnavailable, warmMeaning, type Analyse } from '../../../renderer/src/social/meaning/meaningEngine';
import { postMeanings } from '../../../renderer/src/customers/postMeaning';
import { createSocialStore } from '../../../renderer/src/social/socialStore';
import { freshDbName } from '../context/contextFakes';
import { socialItem } from './socialFakes';

// Issue 14 item 2: the meaning engine (lexicons, stemmers, franc) is a chunk of its own, so a reload
// does not compile and evaluate it before the inbox's first row. These stories say when it is asked
// for: only when a post must be judged. Counted, not timed.

const NOW = Date.UTC(2026, 11, 6, 9, 0);

/** An engine whose load is counted, and can be made to fail. */
function countedEngine() {
  const counted = { loads: 0, judged: 0, fail: false };
  const analyse: Analyse = (text, langs) => {
    counted.judged += 1;
    return analyseMeaning(text, langs);
  };
  const load = createMeaningLoader(() => {
    counted.loads += 1;
    return counted.fail ? Promise.reject(new Error('chunk could not be fetched')) : Promise.resolve({ analyseMeaning: analyse });
  });
  return { counted, load };
}

describe('the meaning engine, loaded on demand', () => {
  it('is fetched once, however many ask at the same time', async () => {
    const { counted, load } = countedEngine();

    const [first, second] = await Promise.all([load(), load()]);
    await load();

    expect(counted.loads).toBe(1);
    expect(first).toBe(second);
  });

  it('asks again after a failed fetch, rather than failing every later judgement', async () => {
    const { counted, load } = countedEngine();

    // Step 1: the host went away mid-fetch.
    counted.fail = true;
    await expect(load()).rejects.toBeInstanceOf(MeaningEngineUnavailable);

    // Step 2: it is back; the next post to judge fetches the engine again.
    counted.fail = false;
    const analyse = await load();
    expect(analyse('this is broken again, I want a refund').complaint).toBe(true);
    expect(counted.loads).toBe(2);
  });
});

describe('a reloaded desk hears only what needs no judging', () => {
  it('stores listening matches without loading the engine; a mention loads it before its transaction', async () => {
    const { counted, load } = countedEngine();
    const db = openTandemDb(freshDbName());
    const store = createSocialStore(db, undefined, load);

    // Step 1: the journal's catch-up brings only listening matches: no conversation to fold, no engine.
    const listening: SocialItem = { ...socialItem({ kind: 'listening', uri: 'at://listening/1', createdAt: NOW - 2_000 }), seq: 1 };
    const heard = await store.ingest([listening], NOW);
    expect(heard.listening).toHaveLength(1);
    expect(counted.loads).toBe(0);

    // Step 2: a customer's mention: the engine is loaded, the post judged and stored with its conversation.
    const mention: SocialItem = {
      ...socialItem({ uri: 'at://mention/2', text: 'my order never arrived, this is a disgrace', createdAt: NOW - 1_000 }),
      seq: 2,
    };
    const { conversations } = await store.ingest([mention], NOW);
    expect(counted.loads).toBe(1);
    expect(counted.judged).toBe(1);
    expect(conversations[0]?.meaning?.complaint).toBe(true);
    db.close();
  });
});

describe("a ring's pop shows a caller's posts", () => {
  const post = (uri: string, text: string) => ({ uri, text, langs: ['en'], conversationId: `convo:${uri}` });
  const judged = (text: string): Meaning => analyseMeaning(text, ['en']);

  it('with the judgements stored at ingest, and never asks for the engine', async () => {
    const { counted, load } = countedEngine();
    const posts = [post('at://a', 'love the new app'), post('at://b', 'still no refund, awful')];
    const stored = new Map(posts.map((p) => [p.conversationId, { replyToUri: p.uri, meaning: judged(p.text) }]));

    const meanings = await postMeanings(posts, (id) => stored.get(id), load);

    expect(meanings.map(({ meaning }) => meaning?.tone)).toEqual(['positive', 'negative']);
    expect(counted.loads).toBe(0);
  });

  it('judging only the post written before judgements were stored, with the engine loaded for it', async () => {
    const { counted, load } = countedEngine();
    const posts = [post('at://old', 'this is broken again, I want a refund'), post('at://new', 'love the new app')];
    // The older post's conversation moved on (its latest customer post is another), so nothing is stored for it.
    const stored = new Map([[`convo:at://new`, { replyToUri: 'at://new', meaning: judged('love the new app') }]]);

    const meanings = await postMeanings(posts, (id) => stored.get(id), load);

    expect(meanings.map(({ post: p }) => p.uri)).toEqual(['at://old', 'at://new']);
    expect(meanings[0]?.meaning?.complaint).toBe(true);
    expect(counted.loads).toBe(1);
    expect(counted.judged).toBe(1);
  });

  it('when the engine cannot be fetched: every post still shows, the unjudged one without a judgement', async () => {
    const { counted, load } = countedEngine();
    counted.fail = true;
    const posts = [post('at://old', 'this is broken again, I want a refund'), post('at://new', 'love the new app')];
    const stored = new Map([[`convo:at://new`, { replyToUri: 'at://new', meaning: judged('love the new app') }]]);

    const meanings = await postMeanings(posts, (id) => stored.get(id), load);

    expect(meanings.map(({ post: p }) => p.uri)).toEqual(['at://old', 'at://new']);
    expect(meanings[0]?.meaning).toBeUndefined();
    expect(meanings[1]?.meaning?.tone).toBe('positive');
    expect(counted.judged).toBe(0);
  });
});

describe('the desk bundle', () => {
  // What keeps the engine out of the first bundle: only the meaning folder itself, the supervisor view (a chunk of
  // its own) and tests import it as a value; the desk reaches it through meaningEngine.ts's dynamic import.
  const ENGINE = ['analyseMeaning', 'polarity', 'language', 'wordScores', 'complaint', 'escalationCues'];
  const renderer = join(__dirname, '../../../renderer/src');
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? files(join(dir, entry.name)) : /\.tsx?$/.test(entry.name) ? [join(dir, entry.name)] : [],
    );

  it('imports the meaning engine only through its loader', () => {
    const offenders = files(renderer)
      .filter((file) => !file.includes('/social/meaning/') && !file.includes('/supervisor/'))
      .flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/^import (?!type )[^;]*from '([^']+)'/gm)]
          .map((match) => match[1] ?? '')
          .filter((source) => ENGINE.some((module) => source.endsWith(`/meaning/${module}`)) || /wink-|@nlpjs|franc/.test(source))
          .map((source) => `${relative(renderer, file)} → ${source}`),
      );
    expect(offenders).toEqual([]);
  });
});

describe('the meaning engine, warmed while the desk is idle', () => {
  it('is loaded in one idle slot and judges one post in the desk’s language in the next, and no more', async () => {
    const { counted, load } = countedEngine();
    const slots: (() => void)[] = [];
    const langs: (readonly string[] | undefined)[] = [];
    const watched: () => Promise<Analyse> = async () => {
      const analyse = await load();
      return (text, given) => (langs.push(given), analyse(text, given));
    };
    const warming = warmMeaning(watched, (work) => slots.push(work), 'es');

    // Step 1: nothing happens until the page is idle.
    await Promise.resolve();
    expect(counted.loads).toBe(0);

    // Step 2: the first idle slot loads it; the judgement waits for another.
    slots.shift()?.();
    await expect.poll(() => slots.length).toBe(1);
    expect(counted.loads).toBe(1);
    expect(counted.judged).toBe(0);

    // Step 3: the next slot judges one post, in Spanish.
    slots.shift()?.();
    await warming;
    expect(counted.judged).toBe(1);
    expect(langs).toEqual([['es']]);
  });
});
