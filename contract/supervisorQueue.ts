import * as z from 'zod';
import { ClaimHolder } from './teamClaims';
import { ResponseTargets } from './responseTargets';
import { TeamConversationStatus } from './teamQueue';

/**
 * The supervisor view's social queue and alerts (issue 16, items 3 and 4).
 * Main reads the team database with `supervisor_queue()` (supervisor logins
 * only) and the mention and call counts per 15 minutes; the page judges each
 * post's sentiment with the inbox's own reader and decides which live calls
 * come from a customer with an open negative post.
 */

/** One open conversation as the supervisor sees it; times are ms on the supervisor's clock. */
export const QueueConversation = z
  .object({
    id: z.string().max(1000),
    accountId: z.string().max(300),
    status: TeamConversationStatus,
    visibility: z.enum(['public', 'private']),
    /** Who holds a live claim; null when nobody does (a lapsed lease is nobody's). */
    handler: ClaimHolder.nullable(),
    authorHandle: z.string().max(256),
    authorName: z.string().max(256),
    /** The author's followers when the post was stored (the only reach the team database keeps); null when the network did not say. */
    authorFollowers: z.number().int().nonnegative().nullable(),
    /** The customer's latest words in the conversation, cut to 400 characters: text, never markup. */
    text: z.string().max(400),
    /** The languages the author's client declared, for the sentiment reader. */
    langs: z.array(z.string().max(35)).max(3),
    /** The customer's first item. */
    firstAt: z.number().int().nonnegative(),
    /** Our first answer after it; null while none was given. */
    firstResponseAt: z.number().int().nonnegative().nullable(),
    /** Since when the customer waits for us (their first item after our last answer); null when the ball is in their court. */
    waitingSince: z.number().int().nonnegative().nullable(),
    /** Phone numbers of the customer whose Bluesky account is verified as this author (E.164 as stored), for the complaint alert. */
    phones: z.array(z.string().max(64)).max(20),
    /** The team's name for that customer (migration 0013); null when no customer's account is verified as this author. */
    customerName: z.string().max(256).nullable(),
  })
  .strict();
export type QueueConversation = z.infer<typeof QueueConversation>;

/** 15-minute counts, oldest first, with the interval's start (ms). */
export const VolumeInterval = z
  .object({ start: z.number().int().nonnegative(), mentions: z.number().int().nonnegative(), calls: z.number().int().nonnegative() })
  .strict();
export type VolumeInterval = z.infer<typeof VolumeInterval>;

/**
 * A spike of mentions against the moving baseline (main/core/supervisor/alertsSpike.ts):
 * `expectedCalls` is the excess of mentions times the past week's calls per
 * mention, spread over the next `horizonIntervals` intervals.
 */
export const MentionSpike = z
  .object({
    /** The interval that spiked (ms). */
    intervalStart: z.number().int().nonnegative(),
    mentions: z.number().int().nonnegative(),
    /** The EWMA of the intervals before it. */
    baseline: z.number().nonnegative(),
    /** Calls per mention over the history read (null: no mentions in it, no effect can be said). */
    callsPerMention: z.number().nonnegative().nullable(),
    /** Extra calls expected over the next `horizonIntervals` intervals. */
    expectedCalls: z.number().nonnegative().nullable(),
    horizonIntervals: z.number().int().positive(),
  })
  .strict();
export type MentionSpike = z.infer<typeof MentionSpike>;

export const SupervisorQueue = z
  .object({
    /** Open conversations (not closed), at most 500, the longest waiting first. */
    conversations: z.array(QueueConversation).max(500),
    /** Conversations by status, all of them (closed ones counted too). */
    counts: z.object({ new: z.number().int(), open: z.number().int(), waiting: z.number().int(), closed: z.number().int() }).strict(),
    targets: ResponseTargets,
    /** The current spike, if the latest whole or running interval is one. */
    spike: MentionSpike.nullable(),
  })
  .strict();
export type SupervisorQueue = z.infer<typeof SupervisorQueue>;

/**
 * An alert the page raised, for main to show as a desktop notification in
 * the supervisor's language. Only ids and figures cross: main takes the
 * post's words from its own last read of the queue.
 */
export const AlertNotice = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('complaint'), conversationId: z.string().min(1).max(1000), party: z.string().max(512) }).strict(),
  z.object({ kind: z.literal('spike'), intervalStart: z.number().int().nonnegative() }).strict(),
]);
export type AlertNotice = z.infer<typeof AlertNotice>;

/**
 * The words main wrote for an alert it was asked to raise (null: already
 * raised, or nothing left to warn about). Electron's main showed them itself;
 * the browser host's page shows them with the browser's `Notification`.
 */
export const AlertText = z.object({ title: z.string().max(200), body: z.string().max(2000) }).strict();
export type AlertText = z.infer<typeof AlertText>;
