/**
 * The context bench's generator, bundled (esbuild, IIFE) and evaluated in a page of the
 * host's origin BEFORE the desk opens: it writes through the app's own schema
 * (`openTandemDb` from renderer/src/data/db.ts, i.e. the same Dexie versions and indexes the
 * desk opens) with `bulkPut` in chunks, one chunk per transaction, two in flight. The schema has
 * no Dexie hooks or middleware of the app's, so these are the rows the app would write. Its speed
 * is the browser's IndexedDB: the bench opens an on-disk context (support/diskContext.ts).
 *
 * Deterministic (a seeded PRNG), so runs are comparable; nothing is cached between runs
 * (each bench host is a new origin, hence a new, empty IndexedDB).
 */
// The seeding page carries the app's CSP: zod is told eval is refused, as the app tells it (contract/zodPolicy.ts).
import '../../contract/zodPolicy';
import { customerNameKeys } from '../../renderer/src/customers/customerName';
import { createCustomerRepository } from '../../renderer/src/customers/customerRepository';
import { openTandemDb } from '../../renderer/src/data/db';
import { foldConversation } from '../../renderer/src/social/conversationFold';
import { analyseMeaning } from '../../renderer/src/social/meaning/analyseMeaning';
import type { Conversation } from '../../renderer/src/social/socialTables';
import type { Customer, Identity, Interaction, InteractionChannel, Note } from '../../renderer/src/customers/model';
import type { SocialItem } from '@tandem/contract';

export interface SeedCaller {
  /** E.164, as the desk normalises the caller's number. */
  readonly number: string;
  readonly name: string;
  /** Interactions of this caller's own (a long history), taken out of the total. */
  readonly interactions: number;
  /** Public posts by the caller's verified Bluesky account (the newest is an open complaint). */
  readonly posts: number;
}

export interface SeedRequest {
  readonly customers: number;
  readonly interactions: number;
  readonly chunk: number;
  /** Stop adding interactions after this long (ms) and report how many were written. */
  readonly budgetMs: number;
  readonly callers: readonly SeedCaller[];
  readonly accountId: string;
}

export interface SeedPhase {
  readonly table: string;
  readonly rows: number;
  readonly ms: number;
}

export interface SeedReport {
  readonly customers: number;
  readonly identities: number;
  readonly interactions: number;
  readonly notes: number;
  readonly socialItems: number;
  readonly phases: readonly SeedPhase[];
  readonly budgetHit: boolean;
  readonly callerIds: readonly string[];
  /** navigator.storage.estimate().usage after seeding (bytes). */
  readonly storageBytes: number | null;
}

const FIRST = [
  'Ana',
  'Ben',
  'Carla',
  'Dan',
  'Eva',
  'Farid',
  'Greta',
  'Hugo',
  'Iris',
  'Jon',
  'Kemal',
  'Lena',
  'Mateo',
  'Nia',
  'Omar',
  'Paula',
  'Quinn',
  'Rosa',
  'Sven',
  'Tara',
];
const LAST = [
  'García',
  'Okafor',
  'Ruiz',
  'Smith',
  'Nguyen',
  'Müller',
  'Rossi',
  'Kowalski',
  'Haddad',
  'Silva',
  'Tanaka',
  'Dubois',
  'Novak',
  'Evans',
  'Costa',
  'Larsen',
];
const WORDS = [
  'order',
  'refund',
  'delivery',
  'phone',
  'screen',
  'invoice',
  'courier',
  'upgrade',
  'plan',
  'roaming',
  'contract',
  'warranty',
  'replacement',
  'late',
  'broken',
  'thanks',
  'again',
  'please',
  'today',
  'billing',
];
const CHANNELS: readonly InteractionChannel[] = ['call', 'call', 'call', 'social-public', 'social-private', 'note'];
const CODES = ['resolved', 'follow-up', 'escalated', 'no-action'] as const;
const YEAR_MS = 365 * 86_400_000;

/** mulberry32: small, fast, deterministic. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export async function seed(request: SeedRequest): Promise<SeedReport> {
  const db = openTandemDb();
  await db.open();
  const random = prng(20_261_122);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const sentence = (words: number) => Array.from({ length: words }, () => pick(WORDS)).join(' ');
  const now = Date.now();
  const phases: SeedPhase[] = [];
  const started = performance.now();
  const customerId = (i: number) => `cust-${i.toString(36).padStart(5, '0')}`;
  // The callers sit spread over the id space.
  const callerIndex = request.callers.map((_, k) => Math.floor(((k + 0.5) / request.callers.length) * request.customers));
  const callerOf = new Map(callerIndex.map((index, k) => [index, request.callers[k] as SeedCaller]));

  async function phase<T>(table: string, total: number, make: (i: number) => T, put: (rows: T[]) => Promise<unknown>, budget = Infinity): Promise<number> {
    const t0 = performance.now();
    let issued = 0;
    // Two chunks in flight: the page builds and sends the next chunk while the browser process writes the
    // one before (its transaction waits for that one's, as both write the same store), so the two
    // processes work at once instead of taking turns.
    let inFlight: Promise<unknown> = Promise.resolve();
    while (issued < total && performance.now() - started < budget) {
      const rows: T[] = [];
      const end = Math.min(total, issued + request.chunk);
      for (let i = issued; i < end; i++) rows.push(make(i));
      const write = put(rows);
      await inFlight;
      inFlight = write;
      issued = end;
    }
    await inFlight;
    phases.push({ table, rows: issued, ms: performance.now() - t0 });
    return issued;
  }

  // Customers, each with a phone (+1 646 …), a third with a Bluesky handle (half of those verified, with a cached profile).
  const customers = await phase<Customer>(
    'customers',
    request.customers,
    (i) => {
      const name = callerOf.get(i)?.name ?? `${pick(FIRST)} ${pick(LAST)} ${i}`;
      const at = now - Math.floor(random() * 3 * YEAR_MS);
      return { id: customerId(i), name, ...customerNameKeys(name), createdAt: at, updatedAt: at };
    },
    (rows) => db.customers.bulkPut(rows),
  );
  const identityRows = (i: number): Identity[] => {
    const id = customerId(i);
    const caller = callerOf.get(i);
    const phone = caller?.number ?? `+1646${String(i).padStart(7, '0')}`;
    const base = {
      customerId: id,
      did: null,
      verified: false,
      verifiedHow: null,
      verifiedAt: null,
      evidenceUri: null,
      profile: null,
      createdAt: now - YEAR_MS,
    };
    const rows: Identity[] = [{ ...base, id: `${id}|phone|${phone}`, kind: 'phone', value: phone }];
    if (caller !== undefined || i % 3 === 0) {
      const handle = `user${i}.bsky.social`;
      const verified = caller !== undefined || i % 6 === 0;
      rows.push({
        ...base,
        id: `${id}|bluesky|${handle}`,
        kind: 'bluesky',
        value: handle,
        did: verified ? `did:plc:bench${i}` : null,
        verified,
        verifiedHow: verified ? 'code-post' : null,
        verifiedAt: verified ? now - 30 * 86_400_000 : null,
        evidenceUri: verified ? `at://did:plc:bench${i}/app.bsky.feed.post/proof` : null,
        profile: verified
          ? {
              displayName: caller?.name ?? `User ${i}`,
              description: sentence(12),
              avatarUrl: null,
              followers: Math.floor(random() * 5000),
              following: 100,
              fetchedAt: now - 86_400_000,
            }
          : null,
      });
    }
    return rows;
  };
  let identities = 0;
  await phase<Identity[]>('identities', request.customers, identityRows, async (groups) => {
    const rows = groups.flat();
    identities += rows.length;
    await db.identities.bulkPut(rows);
  });

  // The callers' long histories first (so they exist whatever the budget), then everyone's.
  const callerInteractions = request.callers.reduce((sum, caller) => sum + caller.interactions, 0);
  const interaction = (id: string, owner: string, at: number): Interaction => {
    const channel = pick(CHANNELS);
    const call = channel === 'call';
    return {
      id,
      customerId: owner,
      channel,
      direction: channel === 'note' ? 'internal' : random() < 0.7 ? 'inbound' : 'outbound',
      at,
      summary: sentence(8 + Math.floor(random() * 10)),
      wrapUpCode: call ? pick(CODES) : null,
      callId: call ? `bench-call-${id}` : null,
      conversationId: channel.startsWith('social') ? `bench-conv-${owner}` : null,
      uri: call ? `sip:+1646@bench` : null,
      outcome: call ? 'answered' : null,
      endedAt: call ? at + 120_000 : null,
    };
  };
  const perCaller: { id: string; count: number }[] = request.callers.map((caller, k) => ({ id: customerId(callerIndex[k] ?? 0), count: caller.interactions }));
  let callerWritten = 0;
  for (const { id, count } of perCaller) {
    callerWritten += await phase<Interaction>(
      `interactions (caller ${id})`,
      count,
      (i) => interaction(`ci-${id}-${i}`, id, now - Math.floor(random() * 2 * YEAR_MS)),
      (rows) => db.interactions.bulkPut(rows),
    );
  }
  const rest = Math.max(0, request.interactions - callerInteractions);
  const restWritten = await phase<Interaction>(
    'interactions',
    rest,
    (i) => interaction(`i-${i}`, customerId(Math.floor(random() * request.customers)), now - Math.floor(random() * 2 * YEAR_MS)),
    (rows) => db.interactions.bulkPut(rows),
    request.budgetMs,
  );

  // The callers' notes and posts: a few notes, and public posts by their verified account (the newest an open complaint).
  const notes: Note[] = [];
  const items: SocialItem[] = [];
  const conversations: Conversation[] = [];
  request.callers.forEach((caller, k) => {
    const index = callerIndex[k] ?? 0;
    const id = customerId(index);
    const did = `did:plc:bench${index}`;
    for (let n = 0; n < 15; n++) notes.push({ id: `note-${id}-${n}`, customerId: id, callId: null, text: sentence(20), updatedAt: now - n * 86_400_000 });
    for (let p = 0; p < caller.posts; p++) {
      const angry = p === 0;
      const uri = `at://${did}/app.bsky.feed.post/bench${p}`;
      const text = angry ? 'this is the worst service ever, my phone is broken and I am furious' : `@brand ${sentence(12)}`;
      const createdAt = now - p * 3_600_000;
      items.push({
        seq: k * 1000 + p + 1,
        accountId: request.accountId,
        network: 'bluesky',
        kind: 'mention',
        visibility: 'public',
        uri,
        cid: null,
        conversationId: uri,
        parentUri: null,
        author: { did, handle: `user${index}.bsky.social`, displayName: caller.name, description: '', avatarUrl: null, followers: 120, following: 80 },
        text,
        links: [],
        createdAt,
        receivedAt: createdAt,
        ruleId: null,
      });
      // Folded as the desk folds a post it ingests (so the row carries the post's judgement, as the app writes it);
      // the angry one still open, the others closed by the agent since.
      const folded = foldConversation(undefined, items.at(-1) as SocialItem, createdAt, analyseMeaning);
      conversations.push({ ...folded, status: angry ? 'open' : 'closed', firstWaitingSince: angry ? createdAt : null });
    }
  });
  await db.transaction('rw', [db.notes, db.socialItems, db.conversations], async () => {
    await db.notes.bulkPut(notes);
    await db.socialItems.bulkPut(items);
    await db.conversations.bulkPut(conversations);
  });
  db.close();
  const estimate = await navigator.storage?.estimate?.().catch(() => null);
  return {
    customers,
    identities,
    interactions: callerWritten + restWritten,
    notes: notes.length,
    socialItems: items.length,
    phases,
    budgetHit: restWritten < rest,
    callerIds: perCaller.map(({ id }) => id),
    storageBytes: estimate?.usage ?? null,
  };
}

/**
 * The Dexie half of a pop alone (no app, no render, no call): the repository's
 * `lookupCaller` then `loadContext`, as the slice calls them, `rounds` times per number.
 */
export async function timeRepository(numbers: readonly string[], rounds: number): Promise<{ lookup: number[]; load: number[] }> {
  const db = openTandemDb();
  const repo = createCustomerRepository(db);
  const lookup: number[] = [];
  const load: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const number of numbers) {
      const t0 = performance.now();
      const [match] = await repo.lookupCaller({ uri: `sip:${number}@bench`, number }, 'US');
      const t1 = performance.now();
      if (match === undefined) throw new Error(`no customer for ${number}`);
      await repo.loadContext(match.customer.id);
      lookup.push(t1 - t0);
      load.push(performance.now() - t1);
    }
  }
  db.close();
  return { lookup, load };
}

Reflect.set(globalThis, '__contextSeed', seed);
Reflect.set(globalThis, '__contextRepoTime', timeRepository);
