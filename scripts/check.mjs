// `npm run check`: typecheck, lint and format check side by side, then the
// unit tests. tsc and ESLint are each single-threaded, so on a 2-core CI
// machine running them together takes about the longer of the two instead of
// their sum; the unit tests use every core by themselves, so they go after.
// Each step's output is printed whole when it ends (not interleaved), with
// its time; the check fails if any step fails, after all three have ended.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Runs `npm run <script>`, collecting its output; resolves with its exit code, output and seconds. */
function run(script, { stream = false } = {}) {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(NPM, ['run', '--silent', script], { stdio: stream ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    child.stdout?.on('data', (chunk) => chunks.push(chunk));
    child.stderr?.on('data', (chunk) => chunks.push(chunk));
    child.on('error', (error) => chunks.push(Buffer.from(`${String(error)}\n`)));
    child.on('close', (code, signal) => {
      resolve({
        script,
        code: code ?? (signal === null ? 1 : 128),
        output: Buffer.concat(chunks).toString('utf8'),
        seconds: (performance.now() - started) / 1000,
      });
    });
  });
}

function report({ script, code, output, seconds }) {
  const verdict = code === 0 ? 'ok' : `FAILED (exit ${code})`;
  process.stdout.write(`\n== ${script}: ${verdict} in ${seconds.toFixed(0)} s\n`);
  if (output.trim() !== '') process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
}

const side = await Promise.all(['typecheck', 'lint', 'format:check'].map((script) => run(script)));
side.forEach(report);
const failed = side.filter((result) => result.code !== 0).map((result) => result.script);
if (failed.length > 0) {
  process.stdout.write(`\ncheck: ${failed.join(', ')} failed; the unit tests were not run\n`);
  process.exit(1);
}

process.stdout.write('\n== test:unit\n');
const unit = await run('test:unit', { stream: true });
process.stdout.write(`\n== test:unit: ${unit.code === 0 ? 'ok' : `FAILED (exit ${unit.code})`} in ${unit.seconds.toFixed(0)} s\n`);
process.exit(unit.code);
