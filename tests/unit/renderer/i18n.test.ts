import { describe, expect, it } from 'vitest';
import { createRendererI18n } from '../../../renderer/src/i18n/i18n';
import en from '../../../renderer/src/i18n/locales/en.json';
import es from '../../../renderer/src/i18n/locales/es.json';
import { errorKeyOf } from '../../../renderer/src/i18n/resources';

/** `path → text` for every leaf of a locale file. */
function leaves(tree: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else for (const [path, text] of leaves(value as object, `${prefix}${key}.`)) out.set(path, text);
  }
  return out;
}

/** Placeholders and Trans tags a translation must keep: `{{target}}`, `<target>`. */
const tokens = (text: string): string[] => [...text.matchAll(/\{\{\s*\w+\s*\}\}|<\/?\w+>/g)].map((m) => m[0].replace(/\s/g, '')).sort();

describe('the desk speaks English and Spanish', () => {
  const english = leaves(en);
  const spanish = leaves(es);

  it('Spanish has every English key and nothing else', () => {
    expect([...spanish.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('every Spanish text is filled in and keeps its placeholders and tags', () => {
    for (const [path, text] of english) {
      const translated = spanish.get(path) ?? '';
      expect(translated.trim(), path).not.toBe('');
      expect(tokens(translated), path).toEqual(tokens(text));
    }
  });

  it('the translator is ready at once, in the language it was given', () => {
    const i18n = createRendererI18n('es');
    expect(i18n.isInitialized).toBe(true);
    expect(i18n.t('calls.title')).toBe('Llamadas');
    // @ts-expect-error Keys are typed from en.json: a key that does not exist does not compile.
    i18n.t('nope');
  });

  it('an error key from main is used only when it names one of our texts', () => {
    expect(errorKeyOf({ code: 'internal', messageKey: 'errors.invalidPayload' })).toBe('errors.invalidPayload');
    expect(errorKeyOf({ code: 'rejected', messageKey: 'errors.toString' })).toBe('errors.rejected');
    expect(errorKeyOf({ code: 'rejected', messageKey: 'crash.title' })).toBe('errors.rejected');
    expect(errorKeyOf({ code: 'unavailable', messageKey: 'errors.internal.deeper' })).toBe('errors.unavailable');
  });
});
