import { describe, expect, it } from 'vitest';
import { formatClock, formatDuration, formatNumber, formatScore, formatTime, formatWaiting } from '../../../renderer/src/ui/format';
import { createRendererI18n } from '../../../renderer/src/i18n/i18n';

// 4 December 2026, 16:05 UTC; the unit project runs with TZ=UTC or not, so times are built locally.
const AT = new Date(2026, 11, 4, 16, 5).getTime();

describe("numbers, dates and durations read the way the agent's language writes them", () => {
  it('a call timer reads m:ss, then h:mm:ss, and never goes negative', () => {
    expect(formatDuration(-5, 'en')).toBe('0:00');
    expect(formatDuration(65_000, 'en')).toBe('1:05');
    expect(formatDuration(3_725_000, 'fr')).toBe('1:02:05');
  });

  it("the timer uses the language's digits (Arabic as written in Egypt uses Arabic-Indic digits)", () => {
    expect(formatDuration(65_000, 'ar-EG')).toBe('١:٠٥');
  });

  it('counts group thousands per language', () => {
    expect(formatNumber(12345, 'en')).toBe('12,345');
    expect(formatNumber(12345, 'pt-BR')).toBe('12.345');
    // French groups with a narrow no-break space.
    expect(formatNumber(12345, 'fr')).toBe('12\u202f345');
  });

  it("a date with its time and a time alone follow the language's order and clock", () => {
    expect(formatTime(AT, 'en')).toBe('12/4/26, 4:05 PM');
    expect(formatTime(AT, 'fr')).toBe('04/12/2026 16:05');
    expect(formatTime(AT, 'pt-BR')).toBe('04/12/2026, 16:05');
    expect(formatClock(AT, 'es')).toBe('16:05');
    expect(formatClock(AT, 'ar')).toMatch(/^4:05\s?م$/);
  });

  it('a waiting time and a sentiment score are localised too', () => {
    expect(formatWaiting(5 * 60_000, 'fr')).toMatch(/^5\smin$/);
    expect(formatWaiting(3 * 3_600_000, 'en')).toMatch(/^3\shr$/);
    expect(formatScore(-2.5, 'fr')).toBe('-2,5');
    expect(formatScore(2.5, 'en')).toBe('+2.5');
  });

  it('an inbox scrolling through 200 waiting times builds one formatter per language and unit, not one per row (issue 14 item 2)', () => {
    const original = Intl.NumberFormat;
    let made = 0;
    Reflect.set(
      Intl,
      'NumberFormat',
      new Proxy(original, { construct: (target, args: Parameters<typeof Intl.NumberFormat>) => ((made += 1), new target(...args)) }),
    );
    try {
      const shown = Array.from({ length: 200 }, (_, i) => formatWaiting((i % 90) * 60_000, 'es'));
      // Minutes and hours in Spanish: two formatters at most, whoever formatted them first.
      expect(made).toBeLessThanOrEqual(2);
      expect(shown[0]).toMatch(/^0\smin$/);
      expect(shown[70]).toMatch(/^1\sh$/);
    } finally {
      Reflect.set(Intl, 'NumberFormat', original);
    }
  });

  it("i18next's {{count, number}} formats counts inside sentences, and Arabic picks its plural form", () => {
    const arabic = createRendererI18n('ar');
    expect(arabic.t('inbox.count', { count: 2 })).toBe('محادثتان');
    expect(arabic.t('inbox.count', { count: 5 })).toBe('5 محادثات');
    expect(arabic.t('inbox.count', { count: 11 })).toBe('11 محادثة');
    expect(createRendererI18n('fr').t('inbox.count', { count: 12345 })).toBe('12\u202f345 conversations');
    expect(createRendererI18n('en').t('social.followers', { count: 1200 })).toBe('1,200 followers');
  });
});
