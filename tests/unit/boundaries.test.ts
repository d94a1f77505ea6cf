import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const FIXTURES = 'tests/fixtures/boundaries';

/** Lints the deliberate violations kept as fixtures (they are ignored by the normal lint run). */
async function lintFixture(file: string): Promise<string[]> {
  const eslint = new ESLint({ ignore: false });
  const [result] = await eslint.lintFiles([`${FIXTURES}/${file}`]);
  return (result?.messages ?? []).map((message) => `${message.ruleId ?? 'parse'}: ${message.message}`);
}

async function typecheckFixture(project: string): Promise<string> {
  try {
    await run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', `${FIXTURES}/${project}`]);
    return '';
  } catch (error) {
    return String((error as { stdout?: string }).stdout);
  }
}

describe('process boundaries are enforced by tooling, not memory', () => {
  it('lint stops the renderer importing node or electron, and untranslated labels', async () => {
    const messages = await lintFixture('renderer/importsNode.tsx');
    expect(messages.filter((m) => m.startsWith('no-restricted-imports'))).toHaveLength(2);
    expect(messages.some((m) => m.includes("'node:fs'") || m.includes('node:fs'))).toBe(true);
    expect(messages.filter((m) => m.startsWith('i18next/no-literal-string')).length).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it('lint stops the renderer importing the preload or the web bridge', async () => {
    const messages = await lintFixture('renderer/importsBridges.ts');
    expect(messages).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*preload\/electron/),
      expect.stringMatching(/^no-restricted-imports: .*web-bridge/),
    ]);
  }, 60_000);

  it("lint keeps renderer features in their layers and out of each other's components", async () => {
    const restricted = async (file: string) => (await lintFixture(`renderer-zones/${file}`)).filter((m) => m.startsWith('no-restricted-imports'));
    expect(await restricted('social/importsContext.ts')).toEqual([expect.stringMatching(/context\/contextSlice.*social\/ may use no other feature/)]);
    expect(await restricted('customers/importsSchemaRegistry.ts')).toEqual([expect.stringMatching(/data\/db.*customers\/ may use softphone, social/)]);
    expect(await restricted('context/importsComponents.ts')).toEqual([expect.stringMatching(/social\/components\/Inbox.*public components only/)]);
    expect(await restricted('ui/importsFeature.ts')).toEqual([expect.stringMatching(/softphone\/partyText.*ui\/ is shared by every feature/)]);
  }, 60_000);

  it('lint stops the contract importing node or electron', async () => {
    const messages = await lintFixture('contract/importsNode.ts');
    expect(messages).toEqual([expect.stringMatching(/^no-restricted-imports: .*node:fs/), expect.stringMatching(/^no-restricted-imports: .*electron/)]);
  }, 60_000);

  it('lint stops the web bridge importing node or main code', async () => {
    const messages = await lintFixture('web-bridge/importsMain.ts');
    expect(messages).toEqual([expect.stringMatching(/^no-restricted-imports: .*node:fs/), expect.stringMatching(/^no-restricted-imports: .*main\/core/)]);
  }, 60_000);

  it('lint stops main/core importing electron', async () => {
    const messages = await lintFixture('core/importsElectron.ts');
    expect(messages).toEqual([expect.stringMatching(/^no-restricted-imports: .*electron/)]);
  }, 60_000);

  it('lint refuses insecure webPreferences', async () => {
    const messages = await lintFixture('insecureWindow.ts');
    expect(messages.filter((m) => m.startsWith('no-restricted-syntax'))).toHaveLength(3);
  }, 60_000);

  it('typecheck fails when the renderer imports node or electron', async () => {
    const output = await typecheckFixture('tsconfig.renderer.json');
    expect(output).toMatch(/Module '"node:fs"' has no exported member 'readFileSync'/);
    expect(output).toMatch(/Module '"electron"' has no exported member 'ipcRenderer'/);
  }, 60_000);

  it('typecheck fails when main/core imports electron', async () => {
    const output = await typecheckFixture('tsconfig.core.json');
    expect(output).toMatch(/Module '"electron"' has no exported member 'app'/);
  }, 60_000);
});
