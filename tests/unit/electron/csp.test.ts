import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RENDERER_CSP } from '../../../main/electron/csp';

const page = readFileSync(fileURLToPath(new URL('../../../renderer/index.html', import.meta.url)), 'utf8');

const directives = (policy: string): string[] =>
  policy
    .split(';')
    .map((directive) => directive.trim().replace(/\s+/g, ' '))
    .filter((directive) => directive !== '')
    .sort();

describe("the renderer page's Content-Security-Policy", () => {
  it('is the same in the page and in the header the desktop shell adds', () => {
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(page)?.[1];
    expect(meta, 'renderer/index.html has no CSP meta tag').toBeDefined();
    expect(directives(RENDERER_CSP)).toEqual(directives(meta ?? ''));
  });

  it('allows no inline script, no eval and no plugins', () => {
    expect(RENDERER_CSP).not.toMatch(/'unsafe-inline'|'unsafe-eval'|'wasm-unsafe-eval'/);
    expect(directives(RENDERER_CSP)).toEqual(expect.arrayContaining(["script-src 'self'", "object-src 'none'", "frame-ancestors 'none'"]));
  });
});
