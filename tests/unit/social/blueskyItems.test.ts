import { describe, expect, it } from 'vitest';
import type { SocialAuthor } from '@tandem/contract';
import type { ChatBskyConvoDefs } from '../../../main/core/social/bluesky/chat';
import { messageItem, postItem, type ItemOrigin } from '../../../main/core/social/bluesky/items';
import { LIMITS } from '../../../main/core/social/sanitize';

/**
 * What the agent finally reads: a post or chat message from Carla turned into
 * an inbox item. Her text is hostile until sanitised, her thread ids must be
 * real at:// URIs, and a bad date must not sort her item into 1970.
 */
const origin: ItemOrigin = { accountId: 'bluesky:acme.test', network: 'bluesky', now: 1_780_000_000_000 };
const carla: SocialAuthor = {
  did: 'did:plc:carla',
  handle: 'carla.test',
  displayName: 'Carla',
  description: '',
  avatarUrl: null,
  followers: null,
  following: null,
};
const uri = 'at://did:plc:carla/app.bsky.feed.post/3kabc';
const root = 'at://did:plc:brand/app.bsky.feed.post/3kroot';

function message(overrides: Partial<ChatBskyConvoDefs.MessageView> = {}): ChatBskyConvoDefs.MessageView {
  return {
    $type: 'chat.bsky.convo.defs#messageView',
    id: 'm1',
    rev: '1',
    text: 'hello',
    sender: { did: carla.did },
    sentAt: '2026-06-01T10:00:00.000Z',
    ...overrides,
  };
}

describe('Bluesky records become inbox items', () => {
  describe("Carla's reply in a brand thread", () => {
    const item = postItem(
      origin,
      uri,
      'bafycid',
      { text: 'thanks', createdAt: '2026-06-01T10:00:00.000Z', reply: { root: { uri: root }, parent: { uri: root } } },
      'reply',
      carla,
      null,
    );

    it('belongs to the thread of its root and names its parent', () => {
      expect(item).toMatchObject({
        accountId: origin.accountId,
        network: 'bluesky',
        kind: 'reply',
        visibility: 'public',
        uri,
        cid: 'bafycid',
        conversationId: root,
        parentUri: root,
        author: carla,
        ruleId: null,
      });
    });

    it('keeps the time it was written and when the desk received it', () => {
      expect(item.createdAt).toBe(Date.parse('2026-06-01T10:00:00.000Z'));
      expect(item.receivedAt).toBe(origin.now);
    });
  });

  it("keeps the languages the author's client declared, dropping what is no language tag", () => {
    expect(postItem(origin, uri, null, { text: 'hola', langs: ['es-419', 'pt'] }, 'mention', carla, null).langs).toEqual(['es-419', 'pt']);
    expect(postItem(origin, uri, null, { text: 'hi', langs: ['<script>', 42, 'en'] }, 'mention', carla, null).langs).toEqual(['en']);
    expect(postItem(origin, uri, null, { text: 'hi' }, 'mention', carla, null)).not.toHaveProperty('langs');
  });

  it('a top-level post is its own thread', () => {
    expect(postItem(origin, uri, null, { text: 'hi' }, 'mention', carla, null)).toMatchObject({ conversationId: uri, parentUri: null });
  });

  describe('hostile posts', () => {
    it('thread ids that are not at:// URIs are dropped', () => {
      const item = postItem(
        origin,
        uri,
        null,
        { reply: { root: { uri: 'javascript:alert(1)' }, parent: { uri: 'https://evil.example' } } },
        'reply',
        carla,
        null,
      );
      expect(item).toMatchObject({ conversationId: uri, parentUri: null, text: '' });
    });

    it('a missing or unparseable date falls back to the time of receipt', () => {
      for (const createdAt of ['yesterday', 42, undefined])
        expect(postItem(origin, uri, null, { createdAt }, 'mention', carla, null).createdAt).toBe(origin.now);
    });

    it('bidi overrides are stripped, markup stays inert text, and 10 kB are capped', () => {
      const text = `<b onclick=x>hi</b> \u202Eevil\u202C \u2066iso\u2069 ${'x'.repeat(10_000)}`;
      const item = postItem(origin, uri, null, { text }, 'listening', carla, 'rule-1');
      expect(item.text.startsWith('<b onclick=x>hi</b> evil iso ')).toBe(true);
      expect(item.text).toHaveLength(LIMITS.postText);
      expect(item.ruleId).toBe('rule-1');
    });

    it('links come only from facets, and only http(s)', () => {
      const text = 'see https://a.example and click';
      const facets = [
        { index: { byteStart: 4, byteEnd: 21 }, features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://a.example' }] },
        { index: { byteStart: 26, byteEnd: 31 }, features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'javascript:alert(1)' }] },
      ];
      expect(postItem(origin, uri, null, { text, facets }, 'mention', carla, null).links).toEqual([{ url: 'https://a.example/', text: 'https://a.example' }]);
    });
  });

  describe('private messages', () => {
    it("Carla's message is a private item in its conversation", () => {
      expect(messageItem(origin, 'convo1', message(), 'did:plc:brand', carla)).toMatchObject({
        kind: 'message',
        visibility: 'private',
        uri: 'chat:convo1/m1',
        cid: null,
        conversationId: 'convo1',
        parentUri: null,
        text: 'hello',
        createdAt: Date.parse('2026-06-01T10:00:00.000Z'),
        ruleId: null,
      });
    });

    it("the brand's own message shows as the brand's side", () => {
      expect(messageItem(origin, 'convo1', message({ sender: { did: 'did:plc:brand' } }), 'did:plc:brand', carla).kind).toBe('brand-message');
    });

    it("the brand's message the desk sent names who it went to; a customer's message never carries a recipient", () => {
      const brand: SocialAuthor = { ...carla, did: 'did:plc:brand', handle: 'acme.test', displayName: 'Acme' };
      const sent = messageItem(origin, 'convo1', message({ sender: { did: 'did:plc:brand' } }), 'did:plc:brand', brand, carla);
      expect(sent.recipient).toEqual(carla);
      expect(messageItem(origin, 'convo1', message({ sender: { did: 'did:plc:brand' } }), 'did:plc:brand', brand)).not.toHaveProperty('recipient');
      expect(messageItem(origin, 'convo1', message(), 'did:plc:brand', carla, brand)).not.toHaveProperty('recipient');
    });

    it('hostile text is sanitised and a bad sentAt falls back to receipt', () => {
      const item = messageItem(origin, 'convo1', message({ text: `\u202Eevil\u200B${'y'.repeat(10_000)}`, sentAt: 'not a date' }), 'did:plc:brand', carla);
      expect(item.text.startsWith('evil\u200B')).toBe(true);
      expect(item.text).toHaveLength(LIMITS.postText);
      expect(item.createdAt).toBe(origin.now);
    });
  });
});
