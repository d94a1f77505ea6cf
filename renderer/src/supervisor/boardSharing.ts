import type { BoardAgent, SupervisorBoard } from '@tandem/contract';

/**
 * Main sends the whole board at every change (`supervisor:board`): with 500
 * members and 50 changes a second, every push is a fresh copy of 500 agents
 * that are almost all the same as before. This keeps the objects that did not
 * change, so each list item, which selects its own agent by id, sees the same
 * object and does not render again: one change paints one item (issue 16's
 * bench). Returns `previous` itself when nothing changed at all. Pure.
 */
export function shareBoard(previous: SupervisorBoard | null, next: SupervisorBoard): SupervisorBoard {
  if (previous === null) return next;
  const before = previous.agents;
  // Built only when the order moved: the board's order is the database's, so usually index i is still agent i.
  let byId: Map<string, BoardAgent> | undefined;
  let changed = before.length !== next.agents.length;
  const agents = next.agents.map((agent, index) => {
    const atIndex = before[index];
    const old = atIndex?.id === agent.id ? atIndex : (byId ??= new Map(before.map((entry) => [entry.id, entry]))).get(agent.id);
    const kept = old !== undefined && samePlain(old, agent) ? old : agent;
    if (kept !== atIndex) changed = true;
    return kept;
  });
  const shared = changed ? agents : before;
  return shared === before && next.sip === previous.sip ? previous : { agents: shared, sip: next.sip };
}

/**
 * Equal as JSON would say: the same keys with equal values, nested objects
 * compared the same way, a key holding `undefined` the same as no key (the
 * wire drops them).
 */
function samePlain(a: object, b: object): boolean {
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  for (const key of Object.keys(left)) {
    if (!sameValue(left[key], right[key])) return false;
  }
  for (const key of Object.keys(right)) {
    if (!(key in left) && right[key] !== undefined) return false;
  }
  return true;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && samePlain(a, b);
}
