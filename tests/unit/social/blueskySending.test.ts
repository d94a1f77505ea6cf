import { XRPCError } from '@atproto/api';
import { describe, expect, it } from 'vitest';
import { earlierMessage, failureOf, likeRecord, replyRecord } from '../../../main/core/social/bluesky/sending';
import { SendFailure } from '../../../main/core/social/connector';

/**
 * The agent answers Carla from the outbox. What the outbox needs from the
 * network side: the right record (threaded correctly, links found), a
 * retry that finds the first attempt instead of sending twice, and a failure
 * that says whether trying again can help.
 */
const BRAND = 'did:plc:brand';
const createdAt = Date.parse('2026-06-01T10:00:00.000Z');
const root = { uri: 'at://did:plc:brand/app.bsky.feed.post/3kroot', cid: 'bafyroot' };
const parent = { uri: 'at://did:plc:carla/app.bsky.feed.post/3kparent', cid: 'bafyparent' };

describe("the brand's reply to Carla", () => {
  const reply = (text: string) => ({ kind: 'reply' as const, key: 'client-1', createdAt, parentUri: parent.uri, text });

  it('stays in the thread of the post it answers', () => {
    const record = replyRecord(reply('glad to help'), parent, { reply: { root, parent: root } });
    expect(record).toEqual({ $type: 'app.bsky.feed.post', text: 'glad to help', reply: { root, parent }, createdAt: '2026-06-01T10:00:00.000Z' });
  });

  it('answering a top-level post makes that post the root; a malformed root ref is not trusted', () => {
    expect(replyRecord(reply('hi'), parent, {}).reply).toEqual({ root: parent, parent });
    expect(replyRecord(reply('hi'), parent, { reply: { root: { uri: root.uri, cid: 42 } } }).reply.root).toEqual(parent);
  });

  it('links in the text become link facets', () => {
    const record = replyRecord(reply('see https://acme.example/help'), parent, {});
    expect(record.facets?.[0]?.features[0]).toMatchObject({ $type: 'app.bsky.richtext.facet#link', uri: 'https://acme.example/help' });
    expect(replyRecord(reply('no links'), parent, {})).not.toHaveProperty('facets');
  });

  it('an @handle the desk did not resolve stays plain text: a mention facet with a handle for its DID is refused by the PDS', () => {
    const record = replyRecord(reply("We've sent you a private message, @lucia.test. See https://acme.example/help"), parent, {});
    expect(record.facets).toHaveLength(1);
    expect(record.facets?.[0]?.features[0]).toMatchObject({ $type: 'app.bsky.richtext.facet#link' });
    expect(replyRecord(reply('Thanks, @lucia.test'), parent, {})).not.toHaveProperty('facets');
  });
});

it('a like points at the liked post', () => {
  expect(likeRecord({ kind: 'like', key: 'client-2', createdAt, uri: parent.uri, cid: parent.cid })).toEqual({
    $type: 'app.bsky.feed.like',
    subject: parent,
    createdAt: '2026-06-01T10:00:00.000Z',
  });
});

describe('retrying a private message after a lost answer', () => {
  const op = { kind: 'message' as const, key: 'client-3', createdAt, toDid: 'did:plc:carla', text: 'Your order shipped' };
  const view = (sender: string, text: string, sentAt: number) => ({
    $type: 'chat.bsky.convo.defs#messageView',
    id: `m${sentAt}`,
    rev: '1',
    text,
    sender: { did: sender },
    sentAt: new Date(sentAt).toISOString(),
  });

  it('finds the message the first attempt delivered, allowing 2 s of clock skew', () => {
    const delivered = view(BRAND, op.text, createdAt - 1_500);
    expect(earlierMessage([{ $type: 'chat.bsky.convo.defs#deletedMessageView' }, delivered], BRAND, op)).toBe(delivered);
  });

  it('does not mistake an older copy, Carla quoting it, or another text for it', () => {
    const recent = [view(BRAND, op.text, createdAt - 2_001), view('did:plc:carla', op.text, createdAt), view(BRAND, 'Your order shipped!', createdAt)];
    expect(earlierMessage(recent, BRAND, op)).toBeNull();
  });
});

describe('what a failed send tells the outbox', () => {
  const cases: [string, unknown, boolean, string][] = [
    ['a rejected app password: retry after a new one', new XRPCError(401, 'AuthenticationRequired', 'no'), true, 'social.errors.credentialsRejected'],
    ['a forbidden call: the same', new XRPCError(403, 'Forbidden', 'no'), true, 'social.errors.credentialsRejected'],
    ['rate limited: retry later', new XRPCError(429, 'RateLimitExceeded', 'slow down'), true, 'social.errors.rateLimited'],
    ['the parent post is gone: give up', new XRPCError(400, 'RecordNotFound', 'gone'), false, 'social.errors.notFound'],
    ['the network refused the record: give up', new XRPCError(400, 'InvalidRequest', 'too long'), false, 'social.errors.rejectedByNetwork'],
    ['a server error: retry', new XRPCError(502, 'UpstreamFailure', 'down'), true, 'social.errors.unreachable'],
    ['no network at all: retry', new TypeError('fetch failed'), true, 'social.errors.unreachable'],
  ];
  for (const [story, error, retry, messageKey] of cases) {
    it(story, () => {
      expect(failureOf(error)).toMatchObject({ retry, messageKey });
    });
  }

  it('a failure already decided is passed on as it is', () => {
    const decided = new SendFailure(false, 'social.errors.privateMessagesUnavailable');
    expect(failureOf(decided)).toBe(decided);
  });
});
