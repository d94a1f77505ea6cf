import { describe, expect, it } from 'vitest';
import {
  canMoveContext,
  CONTEXT_STATUS_TRANSITIONS,
  IllegalContextTransitionError,
  ScreenPopStatus,
  type ContextStatus,
} from '../../../renderer/src/context/screenPopStatus';

const STATUSES: readonly ContextStatus[] = ['idle', 'loading', 'known', 'unknown', 'ambiguous'];

/** A machine walked to `status` along allowed moves. */
function machineAt(status: ContextStatus): ScreenPopStatus {
  const machine = new ScreenPopStatus();
  if (status !== 'idle') machine.transition('loading');
  if (status !== 'idle' && status !== 'loading') machine.transition(status);
  return machine;
}

describe('the caller context status machine', () => {
  it('starts idle: no panel until a call rings or a customer is opened', () => {
    expect(new ScreenPopStatus().current).toBe('idle');
  });

  describe('allows exactly the moves its table lists', () => {
    for (const from of STATUSES) {
      for (const to of CONTEXT_STATUS_TRANSITIONS[from]) {
        it(`${from} → ${to}`, () => {
          const machine = machineAt(from);
          expect(machine.transition(to)).toBe(to);
          expect(machine.current).toBe(to);
        });
      }
    }
  });

  it('a ring paints its answer only through a read: idle → loading → known, then closes', () => {
    const machine = new ScreenPopStatus();
    for (const step of ['loading', 'known', 'idle'] as const) machine.transition(step);
    expect(machine.current).toBe('idle');
  });

  describe('refuses every other move and stays where it was', () => {
    const refused: [ContextStatus, ContextStatus, string][] = [
      ['idle', 'known', 'a customer shown without a lookup'],
      ['idle', 'unknown', 'an unknown caller without a lookup'],
      ['idle', 'idle', 'closing a closed panel is not a move'],
      ['unknown', 'known', 'a linked or created customer is read before it is shown'],
      ['ambiguous', 'known', 'a picked candidate is read before it is shown'],
      ['unknown', 'ambiguous', 'only a read finds several customers'],
      ['known', 'known', 'a refreshed customer is not a move'],
    ];
    for (const [from, to, why] of refused) {
      it(`${from} → ${to}: ${why}`, () => {
        const machine = machineAt(from);
        expect(canMoveContext(from, to)).toBe(false);
        expect(() => machine.transition(to)).toThrow(IllegalContextTransitionError);
        expect(machine.current).toBe(from);
      });
    }
  });

  it('names both ends of a refused move, as main’s machines do', () => {
    const error = (() => {
      try {
        new ScreenPopStatus().transition('known');
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(IllegalContextTransitionError);
    expect(error).toMatchObject({ from: 'idle', to: 'known', message: 'illegal caller context transition idle → known' });
  });
});
