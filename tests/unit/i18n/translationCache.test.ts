/**
 * The inbox asks the translator for the same few texts for every row that scrolls into view
 * (issue 14 item 2): the renderer's translator remembers them, and what it remembers is always
 * what i18next would have said.
 */
import { describe, expect, it, vi } from 'vitest';
import { createRendererI18n } from '../../../renderer/src/i18n/i18n';
import { TRANSLATION_CACHE_LIMIT } from '../../../renderer/src/i18n/translationCache';

/** i18next's translator behind `t` (not in its public types): what a remembered text spares. */
const translatorOf = (i18n: ReturnType<typeof createRendererI18n>) =>
  (i18n as unknown as { translator: { translate: (...args: unknown[]) => unknown } }).translator;

describe("the desk's translator remembers its texts", () => {
  it('says the same as i18next, call after call, for plain keys, plurals, numbers and names', () => {
    const remembering = createRendererI18n('en');
    const plain = createRendererI18n('en');
    // The uncached translator: i18next's own, from the prototype.
    const i18nextT = (Object.getPrototypeOf(plain) as { t: (this: unknown, ...args: unknown[]) => unknown }).t;
    const fresh = (key: string, options?: Record<string, unknown>) => i18nextT.call(plain, key, options) as string;
    const calls: [string, Record<string, unknown>?][] = [
      ['inbox.title'],
      ['inbox.count', { count: 1 }],
      ['inbox.count', { count: 12345 }],
      ['inbox.priority.score', { score: 7.5 }],
      ['inbox.select', { handle: '@ana\u202e<b>x</b>' }],
    ];
    for (let round = 0; round < 3; round += 1) {
      for (const [key, options] of calls) expect(remembering.t(key as never, options as never)).toBe(fresh(key, options));
    }
    expect(remembering.t('inbox.count', { count: 1 })).not.toBe(remembering.t('inbox.count', { count: 2 }));
  });

  it('asks i18next once for a text it already gave', () => {
    const i18n = createRendererI18n('en');
    const translate = vi.spyOn(translatorOf(i18n), 'translate');
    for (let row = 0; row < 50; row += 1) i18n.t('inbox.priority.score', { score: 3 });
    expect(translate).toHaveBeenCalledTimes(1);
    // Through react-i18next's fixed `t` too (what `useTranslation` hands a component).
    const fixed = i18n.getFixedT('en');
    for (let row = 0; row < 50; row += 1) fixed('inbox.title');
    expect(translate).toHaveBeenCalledTimes(2);
  });

  it('forgets on a change of language, and when the resources change', async () => {
    const i18n = createRendererI18n('en');
    const english = i18n.t('inbox.title');
    await i18n.changeLanguage('fr');
    expect(i18n.t('inbox.title')).not.toBe(english);
    expect(i18n.t('inbox.title')).toBe(createRendererI18n('fr').t('inbox.title'));
    i18n.addResource('fr', 'translation', 'inbox.title', 'Boîte');
    expect(i18n.t('inbox.title')).toBe('Boîte');
  });

  it('does not remember calls whose options hold more than plain values', () => {
    const i18n = createRendererI18n('en');
    const translate = vi.spyOn(translatorOf(i18n), 'translate');
    const options = { replace: { handle: '@ana' } };
    i18n.t('inbox.select', options as never);
    i18n.t('inbox.select', options as never);
    expect(translate).toHaveBeenCalledTimes(2);
  });

  it('starts afresh at its limit instead of growing', () => {
    const i18n = createRendererI18n('en');
    for (let score = 0; score <= TRANSLATION_CACHE_LIMIT; score += 1) i18n.t('inbox.priority.score', { score });
    const translate = vi.spyOn(translatorOf(i18n), 'translate');
    i18n.t('inbox.priority.score', { score: 0 });
    expect(translate).toHaveBeenCalledTimes(1);
    i18n.t('inbox.priority.score', { score: TRANSLATION_CACHE_LIMIT });
    expect(translate).toHaveBeenCalledTimes(1);
  });
});
