import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import type { Reporter, TestCase, TestResult, TestStep } from '@playwright/test/reporter';

/** Where the digest goes; tests/run-all.sh prints it beside the summary line. */
export const FAILURE_DIGEST = 'test-results/failures.txt';
const ERROR_LINES = 8;

/** The innermost step that failed: the story's named step, as the reader finds it in the spec. */
function failedStep(steps: readonly TestStep[]): TestStep | undefined {
  for (const step of steps) {
    if (step.error === undefined) continue;
    return failedStep(step.steps) ?? (step.category === 'test.step' ? step : undefined);
  }
  return undefined;
}

/**
 * A short account of each failed test (its title, the named step it failed in,
 * and the first lines of the error), written to one file. CI keeps only the
 * end of a run's output; with this there, a failure can be read from it.
 */
export default class FailureDigest implements Reporter {
  readonly #lines: string[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status === 'passed' || result.status === 'skipped') return;
    const step = failedStep(result.steps);
    const error = stripVTControlCharacters(result.error?.message ?? result.status)
      .split('\n')
      .filter((line) => line.trim() !== '')
      .slice(0, ERROR_LINES);
    this.#lines.push(`✘ ${test.titlePath().slice(1).join(' › ')} (${result.status}, try ${result.retry + 1})`);
    if (step !== undefined) this.#lines.push(`  in step: ${step.title}`);
    for (const line of error) this.#lines.push(`  ${line}`);
  }

  onEnd(): void {
    // A green run leaves no digest behind from an earlier red one.
    if (this.#lines.length === 0) return rmSync(FAILURE_DIGEST, { force: true });
    mkdirSync(dirname(FAILURE_DIGEST), { recursive: true });
    writeFileSync(FAILURE_DIGEST, `${this.#lines.join('\n')}\n`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
