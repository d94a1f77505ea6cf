import type { CueExtensions, Unsubscribe } from '@tandem/contract';
import type { TandemState, TandemStore } from '../../store/store';
import { extendCues } from './cueLists';

/**
 * Keeps the meaning judgement's cue lists in step with the team's (the
 * profile's `cues`, sent with the public settings): the shipped lists plus
 * the team's, recompiled only when the team's change.
 */
export function bindTeamCues(store: TandemStore): Unsubscribe {
  let current: CueExtensions | undefined;
  const apply = (state: TandemState): void => {
    const next = state.settings?.cues;
    if (next === current) return;
    current = next;
    extendCues(next ?? {});
  };
  apply(store.getState());
  return store.subscribe(apply);
}
