import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStaticFile, withBridge } from '../../../main/web/staticFiles';

async function rendererWithLinks(): Promise<string> {
  const base = await mkdtemp(join(tmpdir(), 'tandem-static-'));
  const root = join(base, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<html></html>');
  await writeFile(join(root, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(base, 'secret.txt'), 'the data folder');
  await mkdir(join(base, 'outside'));
  await writeFile(join(base, 'outside', 'x.js'), 'not ours');
  // A file link and a folder link that both lead out of the root, and one that stays inside.
  await symlink(join(base, 'secret.txt'), join(root, 'leak.txt'));
  await symlink(join(base, 'outside'), join(root, 'assets', 'more'));
  await symlink(join(root, 'assets', 'app.js'), join(root, 'alias.js'));
  return root;
}

describe('static files of the renderer', () => {
  it('serves what is inside the root, a link that stays inside included', async () => {
    const root = await rendererWithLinks();
    expect((await readStaticFile(root, '/'))?.body.toString()).toBe('<html></html>');
    expect((await readStaticFile(root, '/assets/app.js'))?.type).toBe('text/javascript; charset=utf-8');
    expect((await readStaticFile(root, '/alias.js'))?.body.toString()).toBe('console.log(1)');
  });

  it('refuses a symbolic link that leads out of the root, to a file or through a folder', async () => {
    const root = await rendererWithLinks();
    expect(await readStaticFile(root, '/leak.txt')).toBeUndefined();
    expect(await readStaticFile(root, '/assets/more/x.js')).toBeUndefined();
  });

  it('refuses names that climb out, whatever their spelling', async () => {
    const root = await rendererWithLinks();
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/a%00.html', '/%']) {
      expect(await readStaticFile(root, path)).toBeUndefined();
    }
  });
});

describe('the browser host’s page', () => {
  it('gets the bridge before the app’s module script, and after the early head read’s async one, which needs no bridge', () => {
    const built = [
      '<head><meta http-equiv="Content-Security-Policy" content="script-src \'self\'">',
      '<script type="module" async crossorigin src="./assets/early-X.js"></script>',
      '<script type="module" crossorigin src="./assets/index-Y.js"></script></head>',
    ].join('\n');
    const page = withBridge(built);
    const at = (text: string) => page.indexOf(text);
    expect(at('early-X.js')).toBeLessThan(at('bridge.js'));
    expect(at('bridge.js')).toBeLessThan(at('index-Y.js'));
    expect(at('Content-Security-Policy')).toBeLessThan(at('early-X.js'));
    // A page with no module script gets the bridge at the end of its head.
    expect(withBridge('<html><head></head></html>')).toBe('<html><head><script src="./bridge.js"></script></head></html>');
  });
});
