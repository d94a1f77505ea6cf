// `npm start`: the Electron app where its binary is installed; otherwise the
// browser host, opened in the system Chromium as an app window when there is
// a display, or just its URL printed. Extra arguments (--profile FILE, a tel:
// link) pass through.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const en = JSON.parse(readFileSync(join(root, 'main/core/i18n/locales/en.json'), 'utf8'));
const say = (template, values) => console.log(template.replace(/\{\{(\w+)\}\}/g, (_, key) => values[key] ?? ''));

const built = spawnSync(process.execPath, [join(root, 'scripts/build.mjs'), '--if-needed'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

const electron = findElectronBinary();
if ('path' in electron) {
  const app = spawn(electron.path, [root, ...args], { stdio: 'inherit' });
  app.on('exit', (code) => process.exit(code ?? 0));
} else {
  say(en.start.noElectron, { reason: electron.missing });
  const host = spawn(process.execPath, [join(root, 'out/main/web.cjs'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  host.on('exit', (code) => process.exit(code ?? 0));
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => host.kill(signal));
  const lines = createInterface({ input: host.stdout });
  lines.once('line', (url) => {
    const browser = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((file) => existsSync(file));
    const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
    if (browser === undefined || !hasDisplay) {
      say(en.start.noBrowser, { url });
      return;
    }
    say(en.start.openBrowser, { browser });
    // A profile of its own keeps the app's storage (customer history, settings) between launches.
    // The URL carries a launch code that the page spends at once, never the token: `ps` shows this command
    // line to every local user, and the code is worthless by the time anyone reads it.
    const profileDir = join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'tandem', 'chromium');
    mkdirSync(profileDir, { recursive: true });
    spawn(browser, [`--app=${url}`, `--user-data-dir=${profileDir}`, '--no-first-run', '--disable-background-networking', '--disable-sync'], {
      stdio: 'ignore',
      detached: true,
    }).unref();
  });
}
