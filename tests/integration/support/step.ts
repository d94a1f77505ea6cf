/**
 * One named step of a long integration story. Vitest has no `test.step` (the e2e stories use
 * Playwright's), so without this a failure in a 60-line story points at one expect among twenty;
 * with it the failure starts with the step's name, e.g. `step "Ben answers the consultation": …`.
 *
 * The original error stays as the cause (its stack points at the failing line), and an
 * assertion's expected/actual are carried over so the runner still prints its diff.
 */
export async function step<T>(name: string, run: () => Promise<T> | T): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new StepError(name, error);
  }
}

/** The failure of one named step; `cause` is what actually went wrong. */
export class StepError extends Error {
  override readonly name = 'StepError';

  constructor(step: string, cause: unknown) {
    super(`step "${step}": ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    if (cause instanceof Error) {
      // Vitest prints a diff from these fields of an assertion error.
      for (const field of ['actual', 'expected', 'showDiff'] as const) {
        if (field in cause) Object.assign(this, { [field]: (cause as unknown as Record<string, unknown>)[field] });
      }
    }
  }
}
