// @vitest-environment happy-dom
import '@testing-library/jest-dom/vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ok, type BoardAgent, type SupervisorBoard } from '@tandem/contract';
import type * as BoardSelectors from '../../../renderer/src/supervisor/boardSelectors';
import { step } from '../../integration/support/step';
import { createFakeHost, type FakeHost } from '../renderer/fakeHost';
import { closeDesk, renderDesk } from '../renderer/deskFixture';

/*
 * Issue 16's bench: 500 members, 50 changes a second. A push of the board must render the item of
 * the member who changed and no other, and the clock must render the times in state and no item.
 * Renders are counted, never timed: every render of a member's item reads its agent through
 * `useBoardAgent` once, so the count per id is the item's render count.
 */
const renders = vi.hoisted(() => new Map<string, number>());
vi.mock('../../../renderer/src/supervisor/boardSelectors', async (importOriginal) => {
  const real = await importOriginal<typeof BoardSelectors>();
  return {
    ...real,
    useBoardAgent: (id: string) => {
      renders.set(id, (renders.get(id) ?? 0) + 1);
      return real.useBoardAgent(id);
    },
  };
});

const NOW = new Date(2026, 11, 4, 10, 0, 0).getTime();
const MEMBERS = 50;

const member = (index: number, extra: Partial<BoardAgent> = {}): BoardAgent => ({
  id: `agent-${index}`,
  name: `Agent ${String(index).padStart(2, '0')}`,
  state: 'available',
  since: NOW - 60_000,
  callsUnknown: false,
  ...extra,
});

const team = (changed: Record<number, Partial<BoardAgent>> = {}): SupervisorBoard => ({
  agents: Array.from({ length: MEMBERS }, (_, index) => member(index, changed[index])),
  sip: 'connected',
});

function openView(host: FakeHost): void {
  renderDesk(host, { onWindow: true, media: null, notifications: null, view: 'supervisor' });
}

/** Renders per member since the last call. */
function takeRenders(): Map<string, number> {
  const taken = new Map(renders);
  renders.clear();
  return taken;
}

const itemOf = (region: HTMLElement, name: string) =>
  within(region)
    .getAllByRole('listitem')
    .find((item) => item.textContent.includes(name));

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: NOW });
  renders.clear();
});

afterEach(() => {
  closeDesk();
  vi.useRealTimers();
});

describe('a large team on the supervisor’s board: one change renders one item', { timeout: 30_000 }, () => {
  it('Agent 07 takes a call: her item renders again and no other; the clock ticks without rendering any item', async () => {
    const host = createFakeHost({ answers: { 'supervisor:getBoard': () => ok(team()) } });
    openView(host);
    const region = await screen.findByRole('region', { name: 'Team' });

    await step(`the view lists the ${MEMBERS} members, each rendered once or so`, async () => {
      await waitFor(() => expect(within(region).getAllByRole('listitem')).toHaveLength(MEMBERS));
      expect(itemOf(region, 'Agent 07')).toHaveTextContent('Available');
      takeRenders();
    });

    await step('main pushes the whole board with Agent 07 on a call: only her item renders', async () => {
      const call = { party: 'sip:+12125550123@127.0.0.1', direction: 'inbound' as const, since: NOW };
      act(() => host.emit('supervisor:board', team({ 7: { state: 'on-call', since: NOW, call } })));
      await waitFor(() => expect(itemOf(region, 'Agent 07')).toHaveTextContent('On a call'));
      const counted = takeRenders();
      expect(counted.get('agent-7')).toBeGreaterThanOrEqual(1);
      expect([...counted.keys()].filter((id) => id !== 'agent-7')).toEqual([]);
    });

    await step('the same board pushed again renders nothing', async () => {
      act(() =>
        host.emit(
          'supervisor:board',
          team({ 7: { state: 'on-call', since: NOW, call: { party: 'sip:+12125550123@127.0.0.1', direction: 'inbound', since: NOW } } }),
        ),
      );
      // A later push that does change something proves the identical one was applied (and ignored) before it.
      act(() =>
        host.emit(
          'supervisor:board',
          team({
            7: { state: 'on-call', since: NOW, call: { party: 'sip:+12125550123@127.0.0.1', direction: 'inbound', since: NOW } },
            9: { state: 'break', since: NOW },
          }),
        ),
      );
      await waitFor(() => expect(itemOf(region, 'Agent 09')).toHaveTextContent('Break'));
      expect([...takeRenders().keys()]).toEqual(['agent-9']);
    });

    await step('five seconds pass: every time in state moves on, and no item renders for it', async () => {
      expect(itemOf(region, 'Agent 03')).toHaveTextContent('for 1:00');
      vi.setSystemTime(NOW + 5_000);
      await waitFor(() => expect(itemOf(region, 'Agent 03')).toHaveTextContent('for 1:05'));
      expect(itemOf(region, 'Agent 07')).toHaveTextContent('for 0:05');
      expect(takeRenders().size).toBe(0);
    });
  });
});
