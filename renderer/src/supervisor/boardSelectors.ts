import { useShallow } from 'zustand/react/shallow';
import type { BoardAgent, SupervisorBoard } from '@tandem/contract';
import { useTandemStore } from '../store/useTandemStore';

/**
 * Narrow reads of the supervisor's board, so a change to one agent renders
 * that agent's list item and nothing else: the list subscribes to the ids
 * (compared element by element), each item to its own agent (compared by
 * identity, which `shareBoard` keeps for agents that did not change).
 *
 * Every subscribed item runs its selector on every store change, so the
 * lookup by id must be cheap: one index per board, built once, kept beside
 * the agents array it indexes for as long as that array lives.
 */
const indexes = new WeakMap<readonly BoardAgent[], ReadonlyMap<string, BoardAgent>>();

export function boardAgent(board: SupervisorBoard | null, id: string): BoardAgent | undefined {
  if (board === null) return undefined;
  let index = indexes.get(board.agents);
  if (index === undefined) {
    index = new Map(board.agents.map((agent) => [agent.id, agent]));
    indexes.set(board.agents, index);
  }
  return index.get(id);
}

const NO_IDS: readonly string[] = [];

export function boardIds(board: SupervisorBoard | null): readonly string[] {
  return board === null ? NO_IDS : board.agents.map((agent) => agent.id);
}

/** The board's members in order; a new array only when one joined, left or moved. */
export function useBoardIds(): readonly string[] {
  return useTandemStore(useShallow((state) => boardIds(state.board)));
}

/** One member as the board says now; the same object until that member changes. */
export function useBoardAgent(id: string): BoardAgent | undefined {
  return useTandemStore((state) => boardAgent(state.board, id));
}
