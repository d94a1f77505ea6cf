/**
 * Numbers inside translations (`{{count, number}}`) are the agent's language's digits and
 * grouping, and a screenful of different numbers does not build a formatter each: the inbox's
 * first render formats 60 priority scores (issue 14 item 2).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRendererI18n } from '../../../renderer/src/i18n/i18n';

describe('numbers in translations', () => {
  afterEach(() => vi.restoreAllMocks());

  it("are written in the agent's language", () => {
    expect(createRendererI18n('en').t('inbox.priority.score', { score: 12345.5 })).toBe('Priority score 12,345.5');
    expect(createRendererI18n('fr').t('inbox.priority.score', { score: 12345.5 })).toMatch(/12\u202f345,5/);
  });

  it('a hundred different scores are formatted with one formatter per language, not one each', () => {
    const i18n = createRendererI18n('pt-BR');
    const made = vi.spyOn(Intl, 'NumberFormat');
    const texts = Array.from({ length: 100 }, (_, score) => i18n.t('inbox.priority.score', { score }));
    expect(new Set(texts).size).toBe(100);
    expect(made.mock.calls.length).toBeLessThanOrEqual(1);
  });
});
