// `npm start`: the Electron app where its binary is installed; otherwise the
// browser host, opened in the system Chromium as an app window when there is
// a display, or just its address printed. Extra arguments (--profile FILE, a
// tel: link) pass through. Messages come from main's locale files (the
// agent's language from LANG), so they read like the rest of Tandem.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const language = (process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '').startsWith('es') ? 'es' : 'en';
const texts = JSON.parse(readFileSync(join(root, `main/core/i18n/locales/${language}.json`), 'utf8')).start;
const say = (template, values = {}) => console.log(template.replace(/\{\{(\w+)\}\}/g, (_, key) => values[key] ?? ''));
/** How long a browser that exits is taken to have failed to open the window (later it is the agent closing it). */
const BROWSER_FAILURE_WINDOW_MS = 15_000;
const BROWSER_ERROR_LINES = 12;

const built = spawnSync(process.execPath, [join(root, 'scripts/build.mjs'), '--if-needed'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

const electron = findElectronBinary();
if ('path' in electron) {
  const app = spawn(electron.path, [root, ...args], { stdio: 'inherit' });
  app.on('exit', (code) => process.exit(code ?? 0));
} else {
  say(texts.noElectron, { reason: electron.missing });
  say(texts.installElectron);
  const host = spawn(process.execPath, [join(root, 'out/main/web.cjs'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  host.on('exit', (code) => process.exit(code ?? 0));
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => host.kill(signal));
  const lines = createInterface({ input: host.stdout });
  lines.once('line', (url) => {
    // The host's later lines are its log: keep draining them so it never blocks on a full pipe.
    lines.on('line', (line) => console.log(line));
    const browser = [process.env.TANDEM_BROWSER, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(
      (file) => file !== undefined && file !== '' && existsSync(file),
    );
    const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
    if (browser === undefined || !hasDisplay) return say(texts.noBrowser, { url });
    // Chromium refuses to start as root with its sandbox on, and turning the sandbox off for a window that shows
    // what strangers post is not ours to decide: say what to do instead.
    if (process.getuid?.() === 0) return say(texts.rootBrowser, { browser, url });
    openBrowser(browser, url);
  });
}

function openBrowser(browser, url) {
  say(texts.openBrowser, { browser });
  // A profile of its own keeps the app's storage (customer history, settings) between launches.
  // The URL carries a launch code that the page spends at once, never the token: `ps` shows this command
  // line to every local user, and the code is worthless by the time anyone reads it.
  const profileDir = join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'tandem', 'chromium');
  mkdirSync(profileDir, { recursive: true });
  const started = Date.now();
  const child = spawn(browser, [`--app=${url}`, `--user-data-dir=${profileDir}`, '--no-first-run', '--disable-background-networking', '--disable-sync'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  // Chromium's own words are what the agent needs when it cannot open the window: keep its last lines.
  const errors = [];
  createInterface({ input: child.stderr }).on('line', (line) => {
    errors.push(line);
    if (errors.length > BROWSER_ERROR_LINES) errors.shift();
  });
  const failed = (error) => say(texts.browserFailed, { browser, error, url });
  child.once('error', (error) => failed(error.message));
  child.once('exit', (code, signal) => {
    if (code === 0 || Date.now() - started > BROWSER_FAILURE_WINDOW_MS) return;
    failed(errors.join('\n') || `exit ${code ?? signal}`);
  });
  child.unref();
}
