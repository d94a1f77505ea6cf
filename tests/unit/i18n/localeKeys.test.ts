import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '@tandem/contract';
import { gapReport, leaves, localeGaps, placeholders, pluralOf } from './localeKeys';

const ROOT = join(import.meta.dirname, '../../..');
const RIGHT_TO_LEFT = ['ar'];
const LOCALE_DIRS = { renderer: 'renderer/src/i18n/locales', main: 'main/core/i18n/locales' } as const;

function readLocales(dir: string): Map<string, object> {
  const files = readdirSync(join(ROOT, dir)).filter((name) => name.endsWith('.json'));
  return new Map(files.map((name) => [basename(name, '.json'), JSON.parse(readFileSync(join(ROOT, dir, name), 'utf8')) as object]));
}

describe.each(Object.entries(LOCALE_DIRS))('the %s speaks every shipped language completely', (where, dir) => {
  const locales = readLocales(dir);
  const english = locales.get('en') ?? {};

  it('has one file per language the contract ships, and no other', () => {
    expect([...locales.keys()].sort()).toEqual([...LANGUAGES].sort());
  });

  it('every language has every English key, in each plural form its rules need, and nothing else', () => {
    const gaps = LANGUAGES.filter((language) => language !== 'en').map((language) => localeGaps(english, locales.get(language) ?? {}, language));
    // The message lists, per language, the keys still to translate.
    expect(gapReport(where, gaps), 'translations missing or stray (listed per language)').toBe('');
  });

  it('every translation is filled in and uses the variables and tags of its English text', () => {
    const englishTexts = leaves(english);
    const wrong: string[] = [];
    for (const language of LANGUAGES) {
      for (const [key, text] of leaves(locales.get(language) ?? {})) {
        const plural = pluralOf(key);
        const reference = englishTexts.get(key) ?? (plural === undefined ? undefined : englishTexts.get(`${plural.base}_other`));
        if (reference === undefined) continue; // a stray key, reported above
        if (text.trim() === '') wrong.push(`${language} ${key}: empty`);
        // "one follower", "two followers": a plural form may say its number in words.
        const saysCount = plural !== undefined && plural.form !== 'other';
        const expected = placeholders(reference).filter((p) => !(saysCount && p === '{{count}}'));
        const used = placeholders(text).filter((p) => !(saysCount && p === '{{count}}'));
        if (used.join() !== expected.join()) wrong.push(`${language} ${key}: uses ${used.join(' ')}, English ${expected.join(' ')}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('a right-to-left language keeps "@handle" in one left-to-right piece, so the @ never lands on the far side', () => {
    // Between Arabic letters and a Latin handle the neutral "@" takes the sentence's direction and moves
    // to the handle's right ("marta.test@"); an isolate (LRI … PDI) around "@{{handle}}" keeps it in front.
    const loose: string[] = [];
    for (const language of RIGHT_TO_LEFT) {
      for (const [key, text] of leaves(locales.get(language) ?? {})) {
        for (const match of text.matchAll(/@\{\{[^}]+\}\}/g)) {
          const before = text[match.index - 1];
          const after = text[match.index + match[0].length];
          if (before !== '\u2066' || after !== '\u2069') loose.push(`${language} ${key}`);
        }
      }
    }
    expect(loose).toEqual([]);
  });
});

describe('the completeness check itself', () => {
  const english = { inbox: { title: 'Inbox', count_one: '{{count}} conversation', count_other: '{{count}} conversations' }, team: { offline_zero: 'Offline' } };

  it('asks Arabic for all six plural forms and Spanish for one, many and other', () => {
    const arabic = localeGaps(
      english,
      { inbox: { title: 'صندوق الوارد', count_one: 'محادثة واحدة', count_other: '{{count}} محادثة' }, team: { offline_zero: 'x' } },
      'ar',
    );
    expect(arabic.missing).toEqual(['inbox.count_few', 'inbox.count_many', 'inbox.count_two', 'inbox.count_zero']);
    const spanish = localeGaps(english, { inbox: { title: 'Bandeja', count_one: 'a', count_many: 'b', count_other: 'c' }, team: { offline_zero: 'x' } }, 'es');
    expect(spanish).toEqual({ language: 'es', missing: [], stray: [] });
  });

  it('names a missing key and a stray key per language in its report', () => {
    const french = localeGaps(english, { inbox: { count_one: 'a', count_many: 'b', count_other: 'c', typo: 'x' }, team: { offline_zero: 'x' } }, 'fr');
    expect(gapReport('renderer', [french])).toBe('renderer fr:\n  missing 1:\n    inbox.title\n  not in English 1:\n    inbox.typo');
  });

  it('reads a format out of a placeholder: {{count, number}} is the variable count', () => {
    expect(placeholders('<target>{{target}}</target> {{count, number}}')).toEqual(['</target>', '<target>', '{{count}}', '{{target}}']);
  });
});
