import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, parseVCards, serialiseVCards, unescapeText, unfoldLines, type VCard } from '../../../renderer/src/customers/io/vcard';

const maya: VCard = {
  fn: 'Maya López, PhD; Acme\\Support',
  n: { family: 'López', given: 'Maya', additional: '', prefixes: 'Dr.', suffixes: 'PhD' },
  tels: ['+14155552671', '+442079460958'],
  emails: ['maya@example.com'],
  impps: ['sip:maya@pbx.example.com'],
  socials: [{ service: 'bluesky', value: 'https://bsky.app/profile/maya.bsky.social' }],
  note: 'Prefers calls after 5pm,\nnever on Sundays; ask for "Maya". ' + 'ñ'.repeat(80),
};

describe('an address book exported by another app', () => {
  it('Apple-style vCard 3.0 with folded lines, several TEL, escaped commas and a social profile reads as one contact', () => {
    const text = [
      'BEGIN:VCARD',
      'VERSION:3.0',
      'N:Lopez;Maya;;;',
      'FN:Maya Lopez\\, Customer',
      'item1.TEL;type=CELL;type=pref:+1 (415) 555-',
      ' 2671',
      'TEL;TYPE=WORK,VOICE:020 7946 0958',
      'EMAIL;type=INTERNET:maya@',
      '\texample.com',
      'X-SOCIALPROFILE;type=bluesky;x-user=maya.bsky.social:https://bsky.app/profile/maya.bsky.social',
      'X-SOCIALPROFILE;type=twitter:https://twitter.com/maya',
      'IMPP;X-SERVICE-TYPE=SIP:sip:maya@pbx.example.com',
      'NOTE:line one\\nline two\\, with comma\\; and semicolon',
      'PHOTO;ENCODING=b;TYPE=JPEG:AAAA',
      'END:VCARD',
    ].join('\r\n');
    const [card, ...rest] = parseVCards(text);
    expect(rest).toHaveLength(0);
    expect(card).toMatchObject({
      index: 1,
      fn: 'Maya Lopez, Customer',
      n: { family: 'Lopez', given: 'Maya' },
      tels: ['+1 (415) 555-2671', '020 7946 0958'],
      emails: ['maya@example.com'],
      impps: ['sip:maya@pbx.example.com'],
      socials: [
        { service: 'bluesky', value: 'maya.bsky.social' },
        { service: 'twitter', value: 'https://twitter.com/maya' },
      ],
      note: 'line one\nline two, with comma; and semicolon',
    });
  });

  it('vCard 4.0 with tel: URIs, SOCIALPROFILE and quoted parameters; several cards in one file; LF line ends', () => {
    const text = [
      'BEGIN:VCARD',
      'VERSION:4.0',
      'FN:Ana',
      'TEL;VALUE=uri;TYPE="voice,cell":tel:+34-612-34-56-78',
      'SOCIALPROFILE;SERVICE-TYPE=Bluesky:https://bsky.app/profile/ana.test',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:4.0',
      'N:Ruiz;Carla;;;',
      'END:VCARD',
      '',
    ].join('\n');
    const cards = parseVCards(text);
    expect(cards.map((card) => card.index)).toEqual([1, 2]);
    expect(cards[0]).toMatchObject({
      fn: 'Ana',
      tels: ['tel:+34-612-34-56-78'],
      socials: [{ service: 'bluesky', value: 'https://bsky.app/profile/ana.test' }],
    });
    expect(cards[1]).toMatchObject({ fn: '', n: { family: 'Ruiz', given: 'Carla' } });
  });

  it('hostile text stays text: markup and control sequences come back as the same characters, never anything else', () => {
    const [card] = parseVCards('BEGIN:VCARD\r\nFN:<img src=x onerror=alert(1)>\r\nNOTE:<script>alert(1)</script>\r\nEND:VCARD');
    expect(card?.fn).toBe('<img src=x onerror=alert(1)>');
    expect(card?.note).toBe('<script>alert(1)</script>');
  });
});

describe('Tandem writes vCards others can read, and reads its own back', () => {
  for (const version of ['3.0', '4.0'] as const) {
    it(`round trip in vCard ${version}: long lines folded at 75 octets, escaped commas, several TEL`, () => {
      const text = serialiseVCards([maya, { ...maya, fn: 'Second', note: '' }], version);
      const lines = text.split('\r\n');
      expect(lines[0]).toBe('BEGIN:VCARD');
      expect(lines[1]).toBe(`VERSION:${version}`);
      for (const line of lines) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
      expect(lines.some((line) => line.startsWith(' '))).toBe(true);
      expect(text).toContain('FN:Maya López\\, PhD\\; Acme\\\\Support');
      const back = parseVCards(text);
      expect(back).toHaveLength(2);
      const [first] = back;
      expect(first?.fn).toBe(maya.fn);
      expect(first?.n).toEqual(maya.n);
      expect(first?.tels).toEqual(version === '4.0' ? maya.tels.map((tel) => `tel:${tel}`) : maya.tels);
      expect(first?.emails).toEqual(maya.emails);
      expect(first?.impps).toEqual(maya.impps);
      expect(first?.socials).toEqual(maya.socials);
      expect(first?.note).toBe(maya.note);
      expect(back[1]?.fn).toBe('Second');
    });
  }

  it('folding never splits a multi-byte character, and unfolding restores the line', () => {
    const line = `NOTE:${'😀é'.repeat(40)}`;
    const folded = foldLine(line);
    expect(folded).not.toContain('\uFFFD');
    for (const part of folded.split('\r\n')) expect(new TextEncoder().encode(part).length).toBeLessThanOrEqual(75);
    expect(unfoldLines(folded)).toEqual([line]);
  });

  it('escaping and unescaping are inverse, including backslashes before n', () => {
    const text = 'a\\nb, c; d\ne\\';
    expect(unescapeText(escapeText(text))).toBe(text);
  });

  it('a line break smuggled into a URI value cannot start a new property', () => {
    const text = serialiseVCards([{ ...maya, impps: ['sip:x@y\r\nFN:Evil'], socials: [], note: '' }]);
    expect(parseVCards(text)[0]?.fn).toBe(maya.fn);
  });
});
