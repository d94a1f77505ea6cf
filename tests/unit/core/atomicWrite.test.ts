import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomically } from '../../../main/core/storage/atomicWrite';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** The pid of a process that has certainly exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('a state file after a crash mid-write', () => {
  it('the next start removes the temporary a killed process left, keeps a live writer’s, and writes the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tandem-atomic-'));
    dirs.push(dir);
    const file = join(dir, 'outbox.json');
    await writeFile(file, '{"old":true}');
    // What SIGKILL between open and rename leaves: a temporary named after a process that is gone.
    const abandoned = `outbox.json.${deadPid()}.7.0badc0de.tmp`;
    // One of a process that is still running (our parent): not ours to remove.
    const live = `outbox.json.${process.ppid}.1.00c0ffee.tmp`;
    // Another file's temporary and a look-alike name are left alone too.
    const other = `rules.json.${deadPid()}.1.0badc0de.tmp`;
    const lookalike = 'outbox.json.notes.tmp';
    for (const name of [abandoned, live, other, lookalike]) await writeFile(join(dir, name), 'partial');

    await writeFileAtomically(file, '{"new":true}', { sync: true });

    expect(await readFile(file, 'utf8')).toBe('{"new":true}');
    expect((await readdir(dir)).sort()).toEqual([live, lookalike, 'outbox.json', other].sort());
  });
});
