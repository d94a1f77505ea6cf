/**
 * Ana puts a call on hold (or media is renegotiated) and the far end does not
 * say 200 at once: the re-INVITE is retried once when the far end says when
 * (500 + Retry-After, RFC 3261 §14.1) or that offers crossed (491), and never
 * before the ACK to our own 200 on a call Ana answered (RFC 5407 §3.1.4).
 */
import { describe, expect, it } from 'vitest';
import { Call } from '../../../main/core/softphone/calls/call';
import { reinvite } from '../../../main/core/softphone/calls/reinvite';
import { farEnd } from './support/farEnd';
import { manualClock } from './support/manualClock';

const HOLD = { hold: true };

/** Ana holds a call she is talking on; `random` is the 491 back-off's draw. */
function holding(direction: 'inbound' | 'outbound' = 'outbound', random = 0) {
  const clock = manualClock();
  const far = farEnd('<sip:+12125550123@pbx.example.com>;tag=1');
  const call = new Call({
    session: far.invitation,
    direction,
    initial: 'ringing',
    remote: { uri: 'sip:+12125550123@pbx.example.com', displayName: '', number: '+12125550123' },
    consultFor: null,
    startedAt: 0,
  });
  call.machine.transition('active');
  const sent = far.nextReinvite();
  const held = reinvite(call, HOLD, { clock, random: () => random });
  /** The far end's answer to the re-INVITE in flight; resolves once it was sent. */
  const answer = async (statusCode: number, retryAfter?: string): Promise<void> => (await sent).answer(statusCode, retryAfter);
  /** Time passes and the far end answers the retry. */
  const retryAfter = async (ms: number, statusCode: number): Promise<void> => {
    const retried = far.nextReinvite();
    clock.advance(ms);
    (await retried).answer(statusCode);
  };
  return { clock, far, call, held, answer, retryAfter };
}

describe('the far end answers the hold re-INVITE 500 with Retry-After', () => {
  it('is sent again after exactly the seconds it asked for, and the hold succeeds on the retry', async () => {
    const { clock, far, held, answer, retryAfter } = holding();
    await answer(500, '3');
    expect(clock.dueIn()).toEqual([3000]);
    await retryAfter(3000, 200);
    await expect(held).resolves.toBeUndefined();
    expect(far.reinvites.map((sent) => sent.options)).toEqual([HOLD, HOLD]);
  });

  it('a Retry-After longer than 10 s is waited for 10 s only: Ana is waiting on a button', async () => {
    const { clock, held, answer, retryAfter } = holding();
    await answer(500, '3600');
    expect(clock.dueIn()).toEqual([10_000]);
    await retryAfter(10_000, 200);
    await expect(held).resolves.toBeUndefined();
  });

  it('a 500 without Retry-After fails at once, naming the failure', async () => {
    const { clock, held, answer } = holding();
    await answer(500);
    await expect(held).rejects.toMatchObject({ messageKey: 'softphone.errors.renegotiationFailed' });
    expect(clock.pending()).toBe(0);
  });

  it('is retried once only: a second 500 fails', async () => {
    const { held, answer, retryAfter } = holding();
    await answer(500, '1');
    await retryAfter(1000, 500);
    await expect(held).rejects.toMatchObject({ messageKey: 'softphone.errors.renegotiationFailed' });
  });

  it('the call ends while the retry waits: the hold fails without a second re-INVITE', async () => {
    const { clock, far, call, held, answer } = holding();
    await answer(500, '2');
    call.machine.finish({ outcome: 'answered', reasonKey: null });
    clock.advance(2000);
    await expect(held).rejects.toMatchObject({ messageKey: 'softphone.errors.illegalState' });
    expect(far.reinvites).toHaveLength(1);
  });
});

describe('offers crossed: the far end answers 491 Request Pending', () => {
  it.each([
    [0, 2100],
    [1, 4000],
  ])('is retried after 2.1 to 4 s (RFC 3261 §14.1): with the random draw at %d, after %d ms', async (draw, delayMs) => {
    const { clock, held, answer, retryAfter } = holding('outbound', draw);
    await answer(491);
    expect(clock.dueIn()).toEqual([delayMs]);
    await retryAfter(delayMs, 200);
    await expect(held).resolves.toBeUndefined();
  });
});

describe('on a call Ana answered', () => {
  it('the re-INVITE waits for the ACK to her 200', async () => {
    const { far, call, held, answer } = holding('inbound');
    await Promise.resolve();
    expect(far.reinvites).toEqual([]);

    call.ackArrived();
    await answer(200);
    await expect(held).resolves.toBeUndefined();
  });
});
