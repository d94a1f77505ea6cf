import { describe, expect, it } from 'vitest';
import { createHeardWhileAsking } from '../../../renderer/src/store/heardWhileAsking';

/** A read of main that answers when the story says so. */
function heldRead<T>() {
  let answer: ((value: T) => void) | null = null;
  let refuse: ((error: Error) => void) | null = null;
  const read = () =>
    new Promise<T>((resolve, reject) => {
      answer = resolve;
      refuse = reject;
    });
  return { read, answer: (value: T) => answer?.(value), refuse: (error: Error) => refuse?.(error) };
}

describe('what events told a window while it asked main', () => {
  it('gives each read the events heard while it was out, and nothing from before or after', async () => {
    const events = createHeardWhileAsking(['calls', 'requests']);
    events.heard('calls', 'before');

    // Step 1: two reads overlap; an event lands while both are out, another once only the second is.
    const first = heldRead<string>();
    const second = heldRead<string>();
    const asking1 = events.asking(first.read);
    events.heard('calls', 'both');
    const asking2 = events.asking(second.read);
    events.heard('requests', 'second-only');
    first.answer('snapshot 1');
    const one = await asking1;
    events.heard('calls', 'late');
    second.answer('snapshot 2');
    const two = await asking2;

    // Step 2: each reply comes with its own record.
    expect(one.reply).toBe('snapshot 1');
    expect([...one.meanwhile.calls]).toEqual(['both']);
    expect([...one.meanwhile.requests]).toEqual(['second-only']);
    expect([...two.meanwhile.calls]).toEqual(['late']);
    expect([...two.meanwhile.requests]).toEqual(['second-only']);

    // Step 3: with no read out, an event is kept nowhere.
    events.heard('calls', 'after');
    const third = heldRead<string>();
    const asking3 = events.asking(third.read);
    third.answer('snapshot 3');
    expect([...(await asking3).meanwhile.calls]).toEqual([]);
  });

  it('forgets a read that failed, so it keeps nothing after it', async () => {
    const events = createHeardWhileAsking(['outbox']);
    const failing = heldRead<string>();
    const asking = events.asking(failing.read);
    failing.refuse(new Error('the connection dropped'));
    await expect(asking).rejects.toThrow('the connection dropped');

    const next = heldRead<string>();
    const again = events.asking(next.read);
    events.heard('outbox', 'client-1');
    next.answer('snapshot');
    expect([...(await again).meanwhile.outbox]).toEqual(['client-1']);
  });
});
