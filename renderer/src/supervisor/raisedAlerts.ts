/** How many alert keys a supervisor window remembers: far more than one screen of alerts, and a few kB. */
export const RAISED_ALERTS_KEPT = 1_000;

/**
 * Which alerts were already raised as desktop notifications, so each is raised once. A window left
 * open all week hears a new key per call with an open complaint and per spike interval: only the
 * last `limit` keys are kept. The alerts still on screen are remembered as the newest at every
 * raise, so however many come and go, none of those is raised twice.
 */
export function createRaisedAlerts(limit = RAISED_ALERTS_KEPT) {
  // A Set iterates in insertion order: its first key is the one least recently on screen.
  const raised = new Set<string>();
  return {
    /** The keys among `shown` not raised before; every key in `shown` is remembered from now on. */
    fresh(shown: readonly string[]): string[] {
      const fresh: string[] = [];
      for (const key of shown) {
        if (!raised.delete(key)) fresh.push(key);
        raised.add(key);
      }
      for (const oldest of raised) {
        if (raised.size <= limit) break;
        raised.delete(oldest);
      }
      return fresh;
    },
    get size() {
      return raised.size;
    },
  };
}
