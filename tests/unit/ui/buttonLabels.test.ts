import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * A button's label is never broken inside a word. Boxes that hold text from
 * the network wrap it anywhere (`overflow-wrap: anywhere`: a long handle or
 * URL must not overflow); a button inside such a box inherited it, which let
 * a flex row squeeze "Dismiss" to one letter a line in the caller context at
 * 1280 × 720. Read from the stylesheets themselves (as chipContrast.test.ts).
 */
const stylesheet = (name: string) => readFileSync(new URL(`../../../renderer/src/styles/${name}`, import.meta.url), 'utf8');

/** The declarations of the first rule whose selector is exactly `selector` (comments dropped). */
function rule(css: string, selector: string): Map<string, string> {
  const rules = css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split('}')
    .map((chunk) => chunk.split('{'));
  const body = rules.find(([head]) => head?.trim() === selector)?.[1];
  if (body === undefined) throw new Error(`no rule for ${selector}`);
  return new Map(
    body
      .split(';')
      .map((declaration) => declaration.split(':').map((part) => part.trim()))
      .filter((parts): parts is [string, string] => parts.length === 2 && parts[0] !== '')
      .map(([property, value]) => [property, value]),
  );
}

describe('button labels', () => {
  it('every button keeps its words whole, whatever box it sits in', () => {
    expect(rule(stylesheet('desk.css'), '.button').get('overflow-wrap')).toBe('normal');
  });

  it('in the caller context’s unlinked numbers, the sentence wraps anywhere and the Dismiss button keeps its size', () => {
    const context = stylesheet('context.css');
    expect(rule(context, '.context-unlinked-proof').has('overflow-wrap')).toBe(false);
    expect(rule(context, '.context-unlinked-proof > span').get('overflow-wrap')).toBe('anywhere');
    expect(rule(context, '.context-unlinked-proof > .button').get('flex')).toBe('none');
  });
});
