import { describe, expect, it } from 'vitest';
import { step, StepError } from '../../integration/support/step';

describe('a named step of an integration story', () => {
  it('passes its result through when the step succeeds', async () => {
    expect(await step('Ana answers', () => Promise.resolve(42))).toBe(42);
  });

  it('names the step in a failure, keeps the original error as the cause, and keeps the assertion diff', async () => {
    const failure = await step('the customer hears the hold music', () => {
      expect('silence').toBe('music');
    }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(StepError);
    const error = failure as StepError & { actual?: unknown; expected?: unknown };
    expect(error.message).toMatch(/^step "the customer hears the hold music": expected 'silence' to be 'music'/);
    expect(error.cause).toBeInstanceOf(Error);
    expect((error.cause as Error).message).toMatch(/^expected 'silence' to be 'music'/);
    expect([error.actual, error.expected]).toEqual(['silence', 'music']);
  });

  it('names the step when something other than an Error is thrown', async () => {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the case under test: a rejection that is not an Error
    await expect(step('Ben hangs up', () => Promise.reject('socket closed'))).rejects.toThrow('step "Ben hangs up": socket closed');
  });
});
