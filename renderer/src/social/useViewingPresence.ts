import { useEffect } from 'react';
import { VIEWING_RENEW_MS } from '@tandem/contract';
import { useTandemStore } from '../store/useTandemStore';

/**
 * While a conversation is open on this desk, the team knows ("NAME is
 * viewing"): said when it opens, renewed every VIEWING_RENEW_MS, taken back
 * when it closes. The renewal lives with the open view, not in the store, so
 * it stops exactly when the view goes (a crashed window just stops renewing).
 */
export function useViewingPresence(conversationId: string): void {
  const announce = useTandemStore((state) => state.announceViewing);
  useEffect(() => {
    announce(conversationId);
    const renewal = setInterval(() => announce(conversationId), VIEWING_RENEW_MS);
    return () => {
      clearInterval(renewal);
      announce(null);
    };
  }, [announce, conversationId]);
}
