import { describe, expect, it } from 'vitest';
import { threadItemKind } from '../../../main/core/social/bluesky/thread';

/**
 * The agent opens the thread around Carla's reply. Posts read from the repos
 * become items only when the desk knows what they are to the brand.
 */
const BRAND = 'did:plc:brand';
const brandPost = `at://${BRAND}/app.bsky.feed.post/3kroot`;

describe('which thread posts become items', () => {
  it("the brand's own posts are its replies", () => {
    expect(threadItemKind(BRAND, BRAND, { text: 'welcome' })).toBe('brand-reply');
  });

  it("Carla's posts count when they address the brand", () => {
    expect(threadItemKind('did:plc:carla', BRAND, { reply: { parent: { uri: brandPost }, root: { uri: brandPost } } })).toBe('reply');
  });

  it('context posts that do not address the brand, and everything before login, are left out', () => {
    expect(threadItemKind('did:plc:dave', BRAND, { text: 'unrelated' })).toBeNull();
    expect(threadItemKind(BRAND, null, { text: 'welcome' })).toBeNull();
  });
});
