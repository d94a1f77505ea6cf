import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../../renderer/src/i18n/locales/en.json';

/** Every source file under a folder. */
function sources(dir: string, extensions: readonly string[] = ['.ts']): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && extensions.some((extension) => entry.name.endsWith(extension)))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The message keys main answers with: `new ContractFailure('code', 'key')` and `fail('code', 'key', …)`. */
function keysMainAnswers(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of [...sources('main/core'), ...sources('contract')]) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:new ContractFailure|\bfail)\(\s*'[a-zA-Z]+',\s*'([\w.]+)'/g)) found.set(match[1]!, file);
  }
  return found;
}

function hasKey(tree: unknown, path: string): boolean {
  let node = tree;
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null || !(part in node)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string';
}

describe('what main says when it refuses', () => {
  it('every message key main answers with is a text the desk has (else the agent reads only a generic error)', () => {
    const keys = keysMainAnswers();
    expect(keys.size).toBeGreaterThan(10);
    // A key may also be translated to a text of the screen that shows it (renderer/src/settings/accountErrors.ts).
    const renderer = sources('renderer/src', ['.ts', '.tsx'])
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    const missing = [...keys].filter(([key]) => !hasKey(en, key) && !renderer.includes(`'${key}'`)).map(([key, file]) => `${key} (${file})`);
    expect(missing).toEqual([]);
  });
});
