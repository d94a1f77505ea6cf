import { describe, expect, it } from 'vitest';
import { createRendererI18n } from '../../../renderer/src/i18n/i18n';
import { errorKeyOf } from '../../../renderer/src/i18n/resources';

// Every language's keys, plural forms and placeholders: tests/unit/i18n/localeKeys.test.ts.
describe("the desk speaks the agent's language", () => {
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
