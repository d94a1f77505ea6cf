import { liveClaim } from './claimSlice';
import { useTandemStore } from '../store/useTandemStore';
import { useNow } from '../ui/useNow';

/**
 * The name of the colleague handling the conversation right now, or null
 * (nobody, us, or a solo desk). Only the agent handling a conversation acts
 * on it (issue 15: a case taken offline is shared, acting on it is not), so
 * every control that posts, sends or calls from the conversation asks this.
 * Their lease lapsing frees it on screen to the second, without an event.
 */
export function useHeldByOther(conversationId: string): string | null {
  const held = useTandemStore((state) => state.claims[conversationId]);
  const claim = liveClaim(held, useNow('second', held?.state === 'other' && held.leaseUntil !== null));
  return claim?.state === 'other' ? (claim.holder ?? '') : null;
}
