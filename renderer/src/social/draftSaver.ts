import type { SocialDraft } from './socialTables';

/**
 * When the composer's drafts reach Dexie (issue 14 item 2). Writing one on
 * every keystroke put an IndexedDB transaction (and its structured clone) in
 * the frame of each key the agent typed, beside a busy inbox. Now a keystroke
 * only records the latest draft of its conversation; the drafts waiting are
 * written together once typing has gone on for {@link DRAFT_SAVE_AFTER_MS}
 * (or paused), in the next idle slot, so a minute of typing is about sixty
 * writes rather than hundreds, none of them in a frame.
 *
 * Never lost: `flush` writes what waits at once, and the desk calls it when
 * the reply box loses the focus, before a send (the stored draft must carry
 * the clientId the send uses) and when the page goes away (`pagehide`).
 */
export interface DraftSaver {
  /** Keeps `draft` as its conversation's latest and makes sure a write is coming. */
  save(draft: SocialDraft): void;
  /** Writes every draft that waits, now. */
  flush(): Promise<void>;
}

/** How long after the first unsaved change the drafts waiting are written (then in the next idle slot). */
export const DRAFT_SAVE_AFTER_MS = 1_000;
/** A page that is never idle still writes within this after the pause. */
const IDLE_DEADLINE_MS = 1_000;

/** Runs `run` later: the default waits {@link DRAFT_SAVE_AFTER_MS}, then for an idle slot. */
export type DraftSchedule = (run: () => void) => void;

export const afterPauseWhenIdle: DraftSchedule = (run) => {
  setTimeout(() => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: IDLE_DEADLINE_MS });
    else run();
  }, DRAFT_SAVE_AFTER_MS);
};

/** `write` reports its own failures (the composer shows a storage problem); the saver only decides when. */
export function createDraftSaver(write: (draft: SocialDraft) => Promise<void>, schedule: DraftSchedule = afterPauseWhenIdle): DraftSaver {
  // One entry per conversation: a later keystroke (or the fresh draft after a send) replaces the earlier one.
  const waiting = new Map<string, SocialDraft>();
  let scheduled = false;

  const writeWaiting = async () => {
    scheduled = false;
    if (waiting.size === 0) return;
    const drafts = [...waiting.values()];
    waiting.clear();
    await Promise.all(drafts.map(write));
  };

  return {
    save(draft) {
      waiting.set(draft.conversationId, draft);
      if (scheduled) return;
      scheduled = true;
      schedule(() => void writeWaiting());
    },
    flush: writeWaiting,
  };
}
