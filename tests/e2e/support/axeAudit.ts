/**
 * The accessibility audit every story can call at the states it reaches (issue 13):
 * axe-core (through @axe-core/playwright) on the whole page, in each colour
 * scheme asked for. A serious or critical violation fails the calling step,
 * naming rule, impact, and the elements; the moderate and minor ones are
 * listed in the test report (an annotation per rule and the full axe result
 * as a JSON attachment) and in a printed summary line, to be worked down.
 *
 *   await axeAudit(page, 'inbox with an urgent complaint', { schemes: ['light', 'dark'] });
 *
 * The desk's theme setting is `system` in the test profiles, so the scheme is
 * switched with `emulateMedia`, the way the operating system would, and put
 * back to light afterwards.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import type { AxeResults, ImpactValue, Result } from 'axe-core';

export type Scheme = 'light' | 'dark';

export interface AuditOptions {
  /** Colour schemes to audit the state in; light only unless asked. */
  readonly schemes?: readonly Scheme[];
  /** A CSS selector to audit instead of the whole page (a dialog, a region). */
  readonly include?: string;
}

/** WCAG 2.2 A and AA, and axe's best practices (landmarks, one h1, region coverage). */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const BLOCKING: readonly ImpactValue[] = ['serious', 'critical'];

const describe = (violation: Result): string =>
  `${violation.impact ?? 'unknown'} ${violation.id}: ${violation.help} — ${violation.nodes
    .slice(0, 5)
    .map((node) => node.target.join(' '))
    .join(', ')}${violation.nodes.length > 5 ? ` (+${violation.nodes.length - 5} more)` : ''}`;

/** Runs axe on the page as it is now, in each scheme; fails on serious or critical violations. */
export async function axeAudit(page: Page, state: string, options: AuditOptions = {}): Promise<AxeResults[]> {
  const results: AxeResults[] = [];
  for (const scheme of options.schemes ?? ['light']) {
    await page.emulateMedia({ colorScheme: scheme });
    // The stylesheet follows prefers-color-scheme: wait until the page has repainted in it.
    await expect.poll(() => page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(scheme === 'dark');
    const builder = new AxeBuilder({ page }).withTags(TAGS);
    if (options.include !== undefined) builder.include(options.include);
    const result = await builder.analyze();
    results.push(result);
    const label = `${state} (${scheme}, ${await page.evaluate(() => `${document.documentElement.lang} ${document.documentElement.dir || 'ltr'}`)})`;
    const info = test.info();
    await info.attach(`axe: ${label}`, {
      body: JSON.stringify({ violations: result.violations, incomplete: result.incomplete }, null, 2),
      contentType: 'application/json',
    });
    for (const violation of result.violations)
      info.annotations.push({ type: `axe ${violation.impact ?? 'unknown'}`, description: `${label}: ${describe(violation)}` });
    const blocking = result.violations.filter((violation) => BLOCKING.includes(violation.impact ?? 'minor'));
    const rest = result.violations.filter((violation) => !blocking.includes(violation));
    console.log(
      `[axe] ${label}: ${result.passes.length} rules pass, ${blocking.length} serious/critical, ${rest.length} other${
        rest.length > 0 ? ` (${rest.map((violation) => `${violation.id}×${violation.nodes.length}`).join(', ')})` : ''
      }`,
    );
    expect(blocking.map(describe), `serious or critical accessibility violations in ${label}`).toEqual([]);
  }
  if ((options.schemes ?? ['light']).at(-1) !== 'light') await page.emulateMedia({ colorScheme: 'light' });
  return results;
}
