import { describe, expect, it, vi } from 'vitest';
import { Cid } from '../../../main/core/social/bluesky/cbor';
import { classifyCommitOp, classifyPost, parseAtUri, type CommitOpOutcome } from '../../../main/core/social/bluesky/commits';
import type { RepoOp } from '../../../main/core/social/bluesky/firehose';
import { encode } from './dagCbor';

/**
 * The brand watches the firehose of its PDS. Carla, a customer, posts; so do
 * strangers and people who try to look like the brand. Each commit operation
 * must land in exactly one bucket: ignored, a stale profile, an unreadable
 * record, or an item of the right kind.
 */
const BRAND = 'did:plc:brand';
const CARLA = 'did:plc:carla';
const brandPost = `at://${BRAND}/app.bsky.feed.post/3kabc`;
const mention = (did: string) => [{ index: { byteStart: 0, byteEnd: 6 }, features: [{ $type: 'app.bsky.richtext.facet#mention', did }] }];

let nextCid = 1;
/** One created post in a commit: the op and the CAR blocks holding its record. */
function created(record: unknown, path = `app.bsky.feed.post/3k${nextCid}`): { op: RepoOp; blocks: Map<string, Uint8Array> } {
  const cid = new Cid(new Uint8Array([0x01, 0x71, 0x12, 0x20, ...new Array<number>(32).fill(nextCid++)])).toString();
  return { op: { action: 'create', path, cid }, blocks: new Map([[cid, new Uint8Array(encode(record))]]) };
}

const noRules = () => null;

function classify(repo: string, record: unknown, match: (text: string) => string | null = noRules): CommitOpOutcome {
  const { op, blocks } = created(record);
  return classifyCommitOp(repo, op, blocks, BRAND, match);
}

describe('classifying firehose commits for the brand', () => {
  it('classifies what addresses the brand', () => {
    const mine = brandPost;
    expect(classifyPost({ reply: { root: { uri: mine }, parent: { uri: mine } } }, BRAND)).toBe('reply');
    expect(classifyPost({ embed: { $type: 'app.bsky.embed.record', record: { uri: mine } } }, BRAND)).toBe('quote');
    expect(classifyPost({ embed: { $type: 'app.bsky.embed.recordWithMedia', record: { record: { uri: mine } } } }, BRAND)).toBe('quote');
    expect(classifyPost({ facets: mention(BRAND) }, BRAND)).toBe('mention');
    expect(classifyPost({ text: 'about did:plc:brand' }, BRAND)).toBeNull();
  });

  describe('Carla writes to the brand', () => {
    it('her mention becomes a mention item with the post URI and CID', () => {
      const { op, blocks } = created({ $type: 'app.bsky.feed.post', text: '@acme help', facets: mention(BRAND) }, 'app.bsky.feed.post/3kmention');
      expect(classifyCommitOp(CARLA, op, blocks, BRAND, noRules)).toMatchObject({
        type: 'item',
        kind: 'mention',
        uri: `at://${CARLA}/app.bsky.feed.post/3kmention`,
        cid: op.cid,
        ruleId: null,
      });
    });

    it('a reply to a brand post wins over a quote and a mention in the same post', () => {
      const post = {
        text: 'x',
        reply: { root: { uri: brandPost }, parent: { uri: brandPost } },
        embed: { $type: 'app.bsky.embed.record', record: { uri: brandPost } },
        facets: mention(BRAND),
      };
      expect(classify(CARLA, post)).toMatchObject({ type: 'item', kind: 'reply' });
    });

    it('listening rules are asked only about posts that do not address the brand', () => {
      const match = vi.fn(() => 'rule-1');
      expect(classify(CARLA, { text: 'hi', facets: mention(BRAND) }, match)).toMatchObject({ kind: 'mention', ruleId: null });
      expect(match).not.toHaveBeenCalled();
      expect(classify(CARLA, { text: 'acme is down' }, match)).toMatchObject({ type: 'item', kind: 'listening', ruleId: 'rule-1' });
      expect(match).toHaveBeenCalledWith('acme is down');
      expect(classify(CARLA, { text: 'unrelated' })).toEqual({ type: 'ignored' });
    });
  });

  describe("the brand's own commits", () => {
    it('its replies (from any client) become brand replies; its other posts are ignored without asking the rules', () => {
      const match = vi.fn(() => 'rule-1');
      expect(
        classify(
          BRAND,
          { text: 'thanks!', reply: { root: { uri: 'at://did:plc:carla/app.bsky.feed.post/1' }, parent: { uri: 'at://did:plc:carla/app.bsky.feed.post/1' } } },
          match,
        ),
      ).toMatchObject({ type: 'item', kind: 'brand-reply', ruleId: null });
      expect(classify(BRAND, { text: 'acme news' }, match)).toEqual({ type: 'ignored' });
      expect(match).not.toHaveBeenCalled();
    });
  });

  describe('operations that are not new posts', () => {
    it('a profile change of any kind marks the cached author stale', () => {
      for (const action of ['create', 'update', 'delete'] as const) {
        expect(classifyCommitOp(CARLA, { action, path: 'app.bsky.actor.profile/self', cid: null }, new Map(), BRAND, noRules)).toEqual({
          type: 'profile-changed',
        });
      }
    });

    it('updates, deletes, likes, paths without a record key and missing blocks are ignored', () => {
      const { op, blocks } = created({ text: 'hi', facets: mention(BRAND) });
      expect(classifyCommitOp(CARLA, { ...op, action: 'update' }, blocks, BRAND, noRules)).toEqual({ type: 'ignored' });
      expect(classifyCommitOp(CARLA, { ...op, action: 'delete', cid: null }, blocks, BRAND, noRules)).toEqual({ type: 'ignored' });
      expect(classifyCommitOp(CARLA, { ...op, path: 'app.bsky.feed.like/3k1' }, blocks, BRAND, noRules)).toEqual({ type: 'ignored' });
      expect(classifyCommitOp(CARLA, { ...op, path: 'app.bsky.feed.post' }, blocks, BRAND, noRules)).toEqual({ type: 'ignored' });
      expect(classifyCommitOp(CARLA, op, new Map(), BRAND, noRules)).toEqual({ type: 'ignored' });
    });
  });

  describe('hostile records', () => {
    it('bytes that are not CBOR are reported as undecodable, not thrown', () => {
      const { op } = created({});
      const outcome = classifyCommitOp(
        CARLA,
        op,
        new Map([[op.cid ?? '', new Uint8Array([0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])]]),
        BRAND,
        noRules,
      );
      expect(outcome.type).toBe('undecodable');
    });

    it('a record that is not a map (a string, a list, bytes, null) is ignored', () => {
      for (const record of ['@acme', [brandPost], new Uint8Array([1, 2]), null]) expect(classify(CARLA, record)).toEqual({ type: 'ignored' });
    });

    it('fields of the wrong type never address the brand', () => {
      const post = {
        text: 42,
        reply: { parent: { uri: 7 }, root: [brandPost] },
        embed: { $type: 'app.bsky.embed.record', record: { uri: { nested: brandPost } } },
        facets: 'did:plc:brand',
      };
      expect(classify(CARLA, post)).toEqual({ type: 'ignored' });
    });

    it('look-alike brand DIDs (a longer DID, bidi overrides, zero-width characters) do not address the brand', () => {
      for (const fake of ['did:plc:brandx', 'did:plc:br\u202Eand', 'did:plc:bra\u200Bnd', 'did:plc:brand\u2066']) {
        const post = {
          reply: { parent: { uri: `at://${fake}/app.bsky.feed.post/1` }, root: { uri: `at://${fake}/app.bsky.feed.post/1` } },
          facets: mention(fake),
        };
        expect(classify(CARLA, post), fake).toEqual({ type: 'ignored' });
      }
    });

    it('markup and 10 kB of text are classified like any text and reach the rules unchanged (the item sanitises later)', () => {
      const text = `<img src=x onerror=alert(1)> \u202Eevil\u202C \u200B${'x'.repeat(10_000)}`;
      const match = vi.fn((seen: string) => (seen === text ? 'rule-1' : null));
      expect(classify(CARLA, { text }, match)).toMatchObject({ type: 'item', kind: 'listening', ruleId: 'rule-1' });
      expect(classify(CARLA, { text, facets: mention(BRAND) })).toMatchObject({ type: 'item', kind: 'mention' });
    });
  });

  it('reads at:// URIs and refuses anything else', () => {
    expect(parseAtUri(brandPost)).toEqual({ repo: BRAND, collection: 'app.bsky.feed.post', rkey: '3kabc' });
    for (const bad of ['https://bsky.app/profile/x/post/1', `at://${BRAND}/app.bsky.feed.post`, `at://${BRAND}/a/b/c`, '']) expect(parseAtUri(bad)).toBeNull();
  });
});
