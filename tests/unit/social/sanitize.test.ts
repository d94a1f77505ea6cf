import { describe, expect, it } from 'vitest';
import { LIMITS, linksFromFacets, mentionedDids, safeHttpUrl, sanitizeText } from '../../../main/core/social/sanitize';

const link = (byteStart: number, byteEnd: number, uri: unknown) => ({
  index: { byteStart, byteEnd },
  features: [{ $type: 'app.bsky.richtext.facet#link', uri }],
});

describe('sanitising network text', () => {
  it('strips C0/C1 controls and bidi overrides/isolates but keeps newlines and tabs', () => {
    expect(sanitizeText('Car\u0000la\u0007 \u202Eevil\u202C \u2066x\u2069\u0085!', 100)).toBe('Carla evil x!');
    expect(sanitizeText('line one\n\tline two', 100)).toBe('line one\n\tline two');
    expect(sanitizeText('a\nb', 100, { singleLine: true })).toBe('a b');
  });

  it('tames zalgo and caps length without splitting a surrogate pair', () => {
    expect(sanitizeText(`Z${'\u0301'.repeat(50)}`, 100)).toBe(`Z${'\u0301'.repeat(4)}`);
    expect(sanitizeText('😀'.repeat(10), 3)).toBe('😀😀😀');
    expect(sanitizeText('x'.repeat(5000), LIMITS.postText)).toHaveLength(3000);
    expect(sanitizeText(42, 10)).toBe('');
  });

  it('keeps only absolute http(s) URLs', () => {
    expect(safeHttpUrl('https://example.com/a?b=c')).toBe('https://example.com/a?b=c');
    for (const bad of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'data:text/html,<script>',
      'file:///etc/passwd',
      '/relative',
      'https://user:pw@example.com',
      '',
      null,
      42,
    ]) {
      expect(safeHttpUrl(bad)).toBeNull();
    }
  });

  it('takes links from facets only, dropping javascript: and surviving broken ranges', () => {
    const text = 'see https://a.example and click me';
    const links = linksFromFacets(text, [
      link(4, 21, 'https://a.example'),
      link(26, 34, 'javascript:alert(1)'),
      link(30, 999, 'https://b.example'),
      { index: 'x', features: null },
      'junk',
    ]);
    expect(links).toEqual([
      { url: 'https://a.example/', text: 'https://a.example' },
      { url: 'https://b.example/', text: 'https://b.example/' },
    ]);
    expect(linksFromFacets(text, 'not an array')).toEqual([]);
  });

  it('finds mentioned DIDs', () => {
    expect([
      ...mentionedDids([{ index: { byteStart: 0, byteEnd: 5 }, features: [{ $type: 'app.bsky.richtext.facet#mention', did: 'did:plc:brand' }] }]),
    ]).toEqual(['did:plc:brand']);
    expect(mentionedDids(undefined).size).toBe(0);
  });
});
