import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CustomerContext } from '../../../renderer/src/customers/customerContext';
import { LOADING_GRACE_MS, ScreenPopController, type ScreenPopView } from '../../../renderer/src/context/screenPopController';

interface Patch {
  readonly label: string;
}

/** A customer context as far as the controller looks at it (it compares, never reads inside). */
const contextOf = (id: string, name = id): CustomerContext => ({ customer: { id, name } }) as unknown as CustomerContext;
const match = (id: string) => ({ customer: { id } }) as unknown as ScreenPopView['contextCandidates'][number];

function harness(shown: CustomerContext | null = null) {
  const commits: Patch[] = [];
  const views: ScreenPopView[] = [];
  let paint: () => void = () => {};
  const state = { shown };
  const controller = new ScreenPopController<Patch>({
    commit: (patch) => commits.push(patch),
    show: (view) => views.push(view),
    shown: () => state.shown,
    afterPaint: () => new Promise<void>((resolve) => (paint = resolve)),
  });
  return { controller, commits, views, state, paint: () => paint() };
}

/** A pop that read the caller's card: the controller's status is known for turn `turn`. */
function poppedFromCard(shown: CustomerContext) {
  const h = harness(shown);
  const turn = h.controller.begin();
  h.controller.move('known');
  return { ...h, turn };
}

describe('the screen-pop controller', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  describe('turns', () => {
    it('every pop or pick begins a new turn; an answer for the earlier one is stale', () => {
      const { controller } = harness();
      const first = controller.begin();
      const second = controller.begin();
      expect(controller.isCurrent(first)).toBe(false);
      expect(controller.isCurrent(second)).toBe(true);
      expect(controller.status).toBe('loading');
    });

    it('a stale turn’s deferred loading is never committed and cannot be settled', () => {
      const { controller, commits } = harness();
      const first = controller.begin();
      controller.defer(first, { label: 'first caller loading' });
      const second = controller.begin();
      vi.advanceTimersByTime(LOADING_GRACE_MS * 2);
      expect(commits).toEqual([{ label: 'first caller loading' }]);
      expect(controller.settle(first)).toBeNull();
      expect(controller.isCurrent(second)).toBe(true);
    });

    it('closing makes every read in flight stale and the status idle', () => {
      const { controller, commits } = harness();
      const turn = controller.begin();
      controller.defer(turn, { label: 'loading' });
      expect(controller.close()).toEqual({ contextStatus: 'idle' });
      vi.advanceTimersByTime(LOADING_GRACE_MS * 2);
      expect(controller.isCurrent(turn)).toBe(false);
      expect(commits).toEqual([]);
      expect(controller.close()).toEqual({ contextStatus: 'idle' });
    });

    it('a status move the machine refuses throws and leaves the status as it was', () => {
      const { controller } = harness();
      expect(() => controller.move('known')).toThrow(/idle → known/);
      expect(controller.status).toBe('idle');
    });
  });

  describe('the loading grace', () => {
    it('a fast read settles with the loading patch still held back: nothing was committed', () => {
      const { controller, commits } = harness();
      const turn = controller.begin();
      controller.defer(turn, { label: 'loading' });
      vi.advanceTimersByTime(LOADING_GRACE_MS - 1);
      expect(controller.settle(turn)).toEqual({ label: 'loading' });
      vi.advanceTimersByTime(LOADING_GRACE_MS);
      expect(commits).toEqual([]);
    });

    it('a slow read shows loading once the grace period is over, and then there is nothing to settle', () => {
      const { controller, commits } = harness();
      const turn = controller.begin();
      controller.defer(turn, { label: 'loading' });
      vi.advanceTimersByTime(LOADING_GRACE_MS);
      expect(commits).toEqual([{ label: 'loading' }]);
      expect(controller.settle(turn)).toBeNull();
    });

    it('the agent touching the panel first commits loading at once, only once', () => {
      const { controller, commits } = harness();
      const turn = controller.begin();
      controller.defer(turn, { label: 'loading' });
      controller.commitLoading();
      vi.advanceTimersByTime(LOADING_GRACE_MS * 2);
      expect(commits).toEqual([{ label: 'loading' }]);
    });

    it('a later event for the call being popped amends the held patch; with nothing held it is refused', () => {
      const { controller, commits } = harness();
      expect(controller.amend(() => ({ label: 'never' }))).toBe(false);
      const turn = controller.begin();
      controller.defer(turn, { label: 'ringing' });
      expect(controller.amend(() => ({ label: 'answered' }))).toBe(true);
      expect(controller.amend(() => null)).toBe(false);
      vi.advanceTimersByTime(LOADING_GRACE_MS);
      expect(commits).toEqual([{ label: 'answered' }]);
    });
  });

  describe('card confirmation', () => {
    it('reads again only after the card has painted, and shows what changed', async () => {
      const { controller, views, paint, turn } = poppedFromCard(contextOf('carla', 'Carla'));
      const read = vi.fn(() => Promise.resolve({ matches: [], context: contextOf('carla', 'Carla Gómez') }));
      const confirming = controller.confirmCard(turn, read);
      await Promise.resolve();
      expect(read).not.toHaveBeenCalled();
      paint();
      await expect(confirming).resolves.toBe(true);
      expect(views).toEqual([{ contextStatus: 'known', customerContext: contextOf('carla', 'Carla Gómez'), contextCandidates: [] }]);
      expect(controller.status).toBe('known');
    });

    it('an unchanged card is left as it is, and the caller is confirmed', async () => {
      const { controller, views, paint, turn } = poppedFromCard(contextOf('carla'));
      const confirming = controller.confirmCard(turn, () => Promise.resolve({ matches: [], context: contextOf('carla') }));
      paint();
      await expect(confirming).resolves.toBe(true);
      expect(views).toEqual([]);
    });

    it('a number that is no longer the customer’s alone turns the panel ambiguous (or unknown) as a first ring would', async () => {
      const { controller, views, paint, turn } = poppedFromCard(contextOf('carla'));
      const confirming = controller.confirmCard(turn, () => Promise.resolve({ matches: [match('carla'), match('dario')], context: null }));
      paint();
      await expect(confirming).resolves.toBe(false);
      expect(views).toEqual([{ contextStatus: 'ambiguous', customerContext: null, contextCandidates: [match('carla'), match('dario')] }]);
      expect(controller.status).toBe('ambiguous');
    });

    it('a newer pop while the card paints: nothing is read for the old turn', async () => {
      const { controller, views, paint, turn } = poppedFromCard(contextOf('carla'));
      const read = vi.fn(() => Promise.resolve({ matches: [], context: contextOf('dario') }));
      const confirming = controller.confirmCard(turn, read);
      controller.begin();
      paint();
      await expect(confirming).resolves.toBe(false);
      expect(read).not.toHaveBeenCalled();
      expect(views).toEqual([]);
    });

    it('a newer pop while the read is out: its answer is dropped', async () => {
      const { controller, views, paint, turn } = poppedFromCard(contextOf('carla'));
      let answer: (value: { matches: []; context: CustomerContext }) => void = () => {};
      const read = vi.fn(() => new Promise<{ matches: []; context: CustomerContext }>((resolve) => (answer = resolve)));
      const confirming = controller.confirmCard(turn, read);
      paint();
      await vi.waitFor(() => expect(read).toHaveBeenCalled());
      controller.begin();
      answer({ matches: [], context: contextOf('dario') });
      await expect(confirming).resolves.toBe(false);
      expect(views).toEqual([]);
      expect(controller.status).toBe('loading');
    });

    it('a failed read changes nothing', async () => {
      const { controller, views, paint, turn } = poppedFromCard(contextOf('carla'));
      const confirming = controller.confirmCard(turn, () => Promise.resolve(undefined));
      paint();
      await expect(confirming).resolves.toBe(false);
      expect(views).toEqual([]);
      expect(controller.status).toBe('known');
    });
  });
});
