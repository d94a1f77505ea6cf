import { describe, expect, it } from 'vitest';
import { ListeningMatcher, words } from '../../../main/core/social/listening';
import type { ListeningRule } from '@tandem/contract';

const rule = (id: string, parts: Partial<ListeningRule>): ListeningRule => ({ id, name: id, anyWords: [], allWords: [], excludeWords: [], ...parts });

describe('listening rules', () => {
  const acme = rule('acme', { anyWords: ['acme', 'acme phone'], excludeWords: ['job', 'hiring'] });

  it.each([
    ['ACME is great', true],
    ['my #acme arrived', true],
    ['Acme’s support is slow', true],
    ['visiting acmeville today', false],
    ['Acme is hiring!', false],
    ['ＡＣＭＥ fullwidth still counts', true],
  ])('"%s" → %s', (text, expected) => {
    expect(new ListeningMatcher([acme]).match(text) !== null).toBe(expected);
  });

  it('all-words need every word, phrases need their words in order', () => {
    const matcher = new ListeningMatcher([rule('battery', { allWords: ['battery', 'acme phone'] })]);
    expect(matcher.match('The battery of my Acme phone died')?.id).toBe('battery');
    expect(matcher.match('The battery of my phone by Acme died')).toBeNull();
    expect(matcher.match('my acme phone is fine')).toBeNull();
  });

  it('is Unicode-aware: accents, Cyrillic, and scripts without spaces', () => {
    const matcher = new ListeningMatcher([rule('intl', { anyWords: ['café', 'телефон', '手机'] })]);
    expect(matcher.match('Le CAFÉ est froid')?.id).toBe('intl');
    expect(matcher.match('Мой ТЕЛЕФОН сломался')?.id).toBe('intl');
    expect(matcher.match('我的手机坏了')?.id).toBe('intl');
    expect(matcher.match('cafeteria')).toBeNull();
  });

  it('a rule without any- or all-words matches nothing; the first matching rule wins', () => {
    const matcher = new ListeningMatcher([rule('empty', { excludeWords: ['x'] }), rule('a', { anyWords: ['phone'] }), rule('b', { anyWords: ['phone'] })]);
    expect(matcher.match('phone')?.id).toBe('a');
    expect(words('Hello, World!')).toEqual(['hello', 'world']);
  });
});
