/**
 * The customers' side of a compressed day on the local Bluesky network (the memory bench,
 * socialDay.bench.ts): mentions of the brand, follow-ups in the customer's own thread, and private
 * messages through the chat stand-in, posted in bursts through the real PDS and chat service.
 * Every item is a real record or message, so the desk's whole path (firehose, journal, chat log
 * poll, contract frames, Dexie, the inbox) carries each one.
 */
import { ChatClient } from '../../../main/core/social/bluesky/chat';
import type { BlueskyAccount } from '../../peers/blueskyPds';
import { postMention, type SocialNetwork } from '../../e2e/support/bluesky';

export type ItemKind = 'mention' | 'reply' | 'message';

interface Customer {
  readonly account: BlueskyAccount;
  readonly chat: ChatClient;
  /** The chat conversation with the brand, opened on the first message. */
  convoId: string | null;
  /** This customer's latest mention: their follow-ups reply to it, in the same thread. */
  lastMention: { uri: string; cid: string } | null;
}

export interface DayTraffic {
  /** Items each kind posted so far (the desk should journal each once). */
  readonly posted: Readonly<Record<ItemKind, number>>;
  readonly failed: number;
  /** Posts `count` items as `bursts` bursts of concurrent posts (the hour's traffic). */
  hour(hour: number, count: number, bursts: number): Promise<void>;
}

const TOPICS = ['phone', 'order', 'battery', 'screen', 'invoice', 'delivery', 'charger', 'warranty'] as const;
/** Concurrent posts in a burst: a crowd writing at once, bounded so the in-process PDS keeps up. */
const BURST_CONCURRENCY = 8;

/** Which kind the i-th item of the day is: six mentions, two follow-ups and two private messages in ten. */
export function kindOf(index: number): ItemKind {
  const slot = index % 10;
  return slot < 6 ? 'mention' : slot < 8 ? 'reply' : 'message';
}

export async function startDayTraffic(network: SocialNetwork, customerCount: number): Promise<DayTraffic> {
  const customers: Customer[] = [];
  for (let i = 0; i < customerCount; i += 1) {
    const account = await network.pds.createAccount(`daycustomer${i}.test`);
    customers.push({
      account,
      chat: new ChatClient(account.agent, { url: network.chat.url, did: network.chat.did }, Date.now),
      convoId: null,
      lastMention: null,
    });
  }
  const posted: Record<ItemKind, number> = { mention: 0, reply: 0, message: 0 };
  let failed = 0;
  let index = 0;

  const postOne = async (customer: Customer, kind: ItemKind, n: number, hour: number): Promise<void> => {
    const topic = TOPICS[n % TOPICS.length]!;
    // Digits only in the tokens: letters could spell a complaint cue and change nothing measured here.
    const text = `hour ${hour} item ${n}: question about my ${topic}`;
    if (kind === 'mention' || (kind === 'reply' && customer.lastMention === null)) {
      customer.lastMention = await postMention(customer.account, network.brand, text);
      posted.mention += 1;
    } else if (kind === 'reply') {
      // A follow-up under their own mention, naming the brand again: the desk follows what mentions or answers the brand.
      const root = customer.lastMention!;
      const handle = `@${network.brand.handle}`;
      await customer.account.agent.com.atproto.repo.createRecord({
        repo: customer.account.did,
        collection: 'app.bsky.feed.post',
        record: {
          $type: 'app.bsky.feed.post',
          text: `${handle} still waiting, ${text}`,
          facets: [
            {
              index: { byteStart: 0, byteEnd: new TextEncoder().encode(handle).length },
              features: [{ $type: 'app.bsky.richtext.facet#mention', did: network.brand.did }],
            },
          ],
          createdAt: new Date().toISOString(),
          reply: { root, parent: root },
        },
      });
      posted.reply += 1;
    } else {
      customer.convoId ??= (await customer.chat.convoWith(network.brand.did)).id;
      await customer.chat.convo.sendMessage({ convoId: customer.convoId, message: { text: `privately: ${text}` } });
      posted.message += 1;
    }
  };

  return {
    get posted() {
      return posted;
    },
    get failed() {
      return failed;
    },
    async hour(hour, count, bursts) {
      const perBurst = Math.ceil(count / bursts);
      for (let left = count; left > 0; left -= perBurst) {
        const jobs = Array.from({ length: Math.min(perBurst, left) }, () => {
          const n = index;
          index += 1;
          return { n, kind: kindOf(n), customer: customers[n % customers.length]! };
        });
        // One lane per customer: a customer's follow-up waits for the mention it replies to.
        const lanes = new Map<Customer, typeof jobs>();
        for (const job of jobs) lanes.set(job.customer, [...(lanes.get(job.customer) ?? []), job]);
        const queue = [...lanes.values()];
        const worker = async () => {
          for (let lane = queue.shift(); lane !== undefined; lane = queue.shift()) {
            for (const job of lane) await postOne(job.customer, job.kind, job.n, hour).catch(() => (failed += 1));
          }
        };
        await Promise.all(Array.from({ length: BURST_CONCURRENCY }, worker));
      }
    },
  };
}
