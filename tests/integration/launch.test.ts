/**
 * `npm start` on a machine without Electron's binary, as a new agent meets it:
 * it says how to get Electron, starts the browser host, and either opens
 * Chromium or prints an address that works (with its launch code), and never
 * leaves the agent with nothing when Chromium cannot open the window.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../scripts/electron-binary.mjs';
import { step } from './support/step';

const electron = findElectronBinary();
const started: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const child of started.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    }
  }
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** Runs `npm start`'s script with a fresh data folder until its output matches `until`; returns the output. */
async function launch(env: Readonly<Record<string, string>>, until: RegExp): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-launch-'));
  dirs.push(dir);
  const child = spawn(process.execPath, ['scripts/start.mjs', '--port', '0', '--data-dir', dir], {
    env: { PATH: process.env['PATH'] ?? '', HOME: dir, XDG_DATA_HOME: dir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start never printed ${String(until)}; it printed:\n${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (until.test(output)) {
        clearTimeout(timer);
        resolve(output);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${String(code)}) early; it printed:\n${output}`));
    });
  });
}

const LAUNCH_URL = /http:\/\/t[0-9a-f]{16}\.localhost:\d+\/\?launch=[\w-]+/;

describe.skipIf('path' in electron)('npm start without the Electron binary', () => {
  if ('path' in electron) console.log(`launch stories skipped: Electron's binary is installed (${electron.path}), so npm start opens it instead`);

  it('without a display: it says how to get Electron and prints the address with its launch code', async () => {
    const output = await launch({}, /Open this address in a browser: \S+/);
    await step('it says how to get the desktop app', () => {
      expect(output).toContain('npx install-electron');
    });
    await step('the printed address carries a launch code, not the bare host name', () => {
      const line = output.split('\n').find((candidate) => candidate.startsWith('Open this address in a browser: '));
      expect(line).toMatch(LAUNCH_URL);
    });
  });

  it('with a display but a browser that cannot start: the agent reads why, and an address to open themselves', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tandem-browser-'));
    dirs.push(dir);
    const browser = join(dir, 'chromium');
    // A stand-in for Chromium failing at start, printing its own error as Chromium does (to stderr).
    await writeFile(browser, '#!/bin/sh\necho "[0101/000000.000000:ERROR:ozone_platform_x11.cc(240)] Missing X server or $DISPLAY" >&2\nexit 1\n');
    await chmod(browser, 0o755);
    const root = process.getuid?.() === 0;
    // As root Chromium is never started (its sandbox refuses root): the story is then that message.
    const output = await launch(
      { DISPLAY: ':99', TANDEM_BROWSER: browser },
      root ? /will not run as root[^\n]*http\S+/ : /could not open the Tandem window[\s\S]*http\S+/,
    );
    await step(root ? 'as root it says to run as a normal user, with the address' : 'Chromium’s own error is shown, with the address', () => {
      if (root) expect(output.split('\n').find((line) => line.includes('Run npm start as a normal user'))).toMatch(LAUNCH_URL);
      else expect(output).toContain('Missing X server or $DISPLAY');
      expect(output).toMatch(LAUNCH_URL);
    });
  });
});
