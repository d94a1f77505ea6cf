// Runs Doyensec's Electronegativity over the desktop shell and the browser
// host and fails on any HIGH or MEDIUM finding; then eslint-plugin-security
// over the browser host, failing on any finding. `npm run check:security`.
//
// What is scanned: main/electron (window, session, IPC, links), preload/electron,
// main/web and web-bridge (the browser host and its page bridge: the part a
// local attacker reaches without Electron), the renderer's index.html (its CSP)
// and package.json (Electron version checks), staged together in one temporary
// folder so the tool's global checks (CSP, navigation limits, permission
// handler) see the whole app at once.
//
// The browser host is also linted with the project's ESLint config, keeping
// only eslint-plugin-security's findings (warnings included). A reviewed
// exception is an `eslint-disable-next-line security/<rule> -- why` on the
// exact line; an exception that no longer matches anything fails the check.
//
// Offline: Electronegativity fetches translations and Electron's release list
// from the internet on every run. Our machines send nothing beyond loopback,
// so the tool runs with a guard (`-r`) that refuses every non-loopback
// connection; it then falls back to its bundled English texts and to the
// Electron version given with `-e` (read from node_modules/electron).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const root = fileURLToPath(new URL('..', import.meta.url));
const SCANNED = ['main/electron', 'preload/electron', 'main/web', 'web-bridge', 'renderer/index.html', 'package.json'];
const FAILING = new Set(['HIGH', 'MEDIUM']);
/** Reached by a local page or process without Electron: linted with eslint-plugin-security on top. */
const WEB_HOST = ['main/web', 'web-bridge'];

/**
 * Findings that are requests for a human review rather than defects: the
 * check fires on *every* use of an API, whatever surrounds it. Each entry was
 * reviewed and matches one exact source line in one file, so a change to that
 * line, or a second use anywhere else, fails the check again until reviewed.
 */
const REVIEWED = [
  {
    check: 'PRELOAD_JS_CHECK',
    file: 'main/electron/window.ts',
    sample: 'preload: files.preload,',
    reason:
      'Fires on any `preload`. Ours is the bundled out/preload/electron.cjs, runs sandboxed with context isolation, and exposes only ' +
      'window.tandem built from the contract (one function per message); never ipcRenderer, Node or the IPC event.',
  },
  {
    check: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'main/electron/security.ts',
    sample: 'shell.openExternal(url).catch((error: unknown) => {',
    reason:
      'Fires on any non-literal argument. Its only callers pass URLs that policy.isExternalUrlAllowed accepted: https: (with a host, ' +
      'no credentials) and mailto: only; unit tested in tests/unit/electron/policy.test.ts.',
  },
  {
    check: 'PROTOCOL_HANDLER_JS_CHECK',
    file: 'main/electron/main.ts',
    sample: "if (!app.setAsDefaultProtocolClient(scheme)) log.warn('could not register as link handler', { scheme });",
    reason:
      'Fires on any registration. The schemes are the fixed list tel/sip (DIAL_SCHEMES), packaged app only, and every incoming link ' +
      'goes through parseDialLink, which keeps nothing but a dial target.',
  },
];

const NETWORK_GUARD = `
// Written by scripts/check-security.mjs: refuse every connection that is not to loopback.
const net = require('node:net');
const connect = net.Socket.prototype.connect;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1']);
net.Socket.prototype.connect = function (...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const options = first !== null && typeof first === 'object' ? first : { port: first, host: typeof args[1] === 'string' ? args[1] : 'localhost' };
  // A string path is a local (Unix) socket; http passes path: null for TCP.
  if (typeof options.path !== 'string' && !LOOPBACK.has(options.host ?? 'localhost')) {
    process.nextTick(() => this.destroy(new Error('check-security: network access blocked (' + options.host + ')')));
    return this;
  }
  return connect.apply(this, args);
};
`;

/** RFC 4180 CSV, as Electronegativity writes it (quoted fields, "" inside quotes). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    if (quoted) {
      if (char === '"' && text.charAt(i + 1) === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text.charAt(i + 1) === '\n') i++;
      row.push(field);
      if (row.some((value) => value !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  row.push(field);
  if (row.some((value) => value !== '')) rows.push(row);
  return rows;
}

const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;
const work = mkdtempSync(join(tmpdir(), 'tandem-security-'));
try {
  const app = join(work, 'app');
  for (const path of SCANNED) {
    if (!existsSync(join(root, path))) {
      console.error(`check-security: ${path} is missing`);
      process.exit(1);
    }
    mkdirSync(dirname(join(app, path)), { recursive: true });
    cpSync(join(root, path), join(app, path), { recursive: true });
  }
  const guard = join(work, 'network-guard.cjs');
  writeFileSync(guard, NETWORK_GUARD);
  const report = join(work, 'electronegativity.csv');

  const run = spawnSync(
    process.execPath,
    ['-r', guard, join(root, 'node_modules/.bin/electronegativity'), '-i', app, '-e', electronVersion, '-r', '-o', report],
    { cwd: root, encoding: 'utf8', env: { ...process.env, LANG: 'en-US' } },
  );
  if (run.status !== 0 || !existsSync(report)) {
    console.error(`check-security: electronegativity failed (exit ${run.status ?? run.signal})\n${run.stdout}\n${run.stderr}`);
    process.exit(1);
  }

  const [header, ...rows] = parseCsv(readFileSync(report, 'utf8'));
  const columns = (header ?? []).map((name) => name.trim());
  const findings = rows.map((row) => Object.fromEntries(columns.map((name, index) => [name, (row.at(index) ?? '').trim()])));

  const used = new Set();
  const reviewedBy = (finding) => REVIEWED.find((entry) => entry.check === finding.issue && entry.file === finding.filename && entry.sample === finding.sample);
  const failing = [];
  const reviewed = [];
  const minor = [];
  for (const finding of findings) {
    if (!FAILING.has(finding.severity)) minor.push(finding);
    else {
      const entry = reviewedBy(finding);
      if (entry === undefined) failing.push(finding);
      else {
        used.add(entry);
        reviewed.push(finding);
      }
    }
  }

  const describe = (finding) =>
    `  ${finding.severity.padEnd(6)} ${finding.confidence.padEnd(9)} ${finding.issue}  ${finding.filename}:${finding.location}\n` +
    `         ${finding.description}${finding.sample && finding.sample !== 'N/A' ? `\n         > ${finding.sample}` : ''}\n         ${finding.url}`;

  if (minor.length > 0) console.log(`Low/informational findings (not failing):\n${minor.map(describe).join('\n')}`);
  if (reviewed.length > 0) console.log(`Reviewed (see REVIEWED in scripts/check-security.mjs):\n${reviewed.map(describe).join('\n')}`);
  for (const entry of REVIEWED) {
    if (!used.has(entry)) console.log(`note: the reviewed exception for ${entry.check} in ${entry.file} no longer matches anything; remove it.`);
  }
  if (failing.length > 0) console.error(`HIGH/MEDIUM findings:\n${failing.map(describe).join('\n')}`);

  const count = (severity) => findings.filter((finding) => finding.severity === severity).length;
  console.log(
    `electronegativity ${electronVersion === undefined ? '' : `(Electron ${electronVersion}) `}over ${SCANNED.join(', ')}: ` +
      `${findings.length} findings: ${count('HIGH')} high, ${count('MEDIUM')} medium (${reviewed.length} reviewed), ${count('LOW')} low, ${count('INFORMATIONAL')} informational; ` +
      `${failing.length === 0 ? 'PASS' : `FAIL (${failing.length})`}`,
  );
  process.exitCode = failing.length === 0 ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}

// eslint-plugin-security over the browser host. Unused disable directives are findings too, so a reviewed
// exception cannot outlive the line it was written for.
const eslint = new ESLint({ cwd: root, overrideConfig: { linterOptions: { reportUnusedDisableDirectives: 'error' } } });
const results = await eslint.lintFiles(WEB_HOST);
const securityFindings = results.flatMap((result) =>
  result.messages
    .filter((message) => message.fatal === true || message.ruleId === null || message.ruleId.startsWith('security/'))
    .map((message) => `  ${result.filePath.slice(root.length)}:${message.line}:${message.column}  ${message.ruleId ?? 'eslint'}  ${message.message}`),
);
const exceptions = results.flatMap((result) =>
  result.suppressedMessages
    .filter((message) => message.ruleId?.startsWith('security/'))
    .map(
      (message) => `  ${result.filePath.slice(root.length)}:${message.line}  ${message.ruleId}  ${message.suppressions.map((s) => s.justification).join('; ')}`,
    ),
);
if (exceptions.length > 0) console.log(`Reviewed eslint-plugin-security exceptions (one line each):\n${exceptions.join('\n')}`);
if (securityFindings.length > 0) console.error(`eslint-plugin-security findings:\n${securityFindings.join('\n')}`);
console.log(
  `eslint-plugin-security over ${WEB_HOST.join(', ')}: ${results.length} files, ${securityFindings.length} findings, ${exceptions.length} reviewed; ` +
    `${securityFindings.length === 0 ? 'PASS' : 'FAIL'}`,
);
if (securityFindings.length > 0) process.exitCode = 1;
