import type { TFunction } from 'i18next';
import type { Unsubscribe } from '@tandem/contract';
import { afterPopPaint, type PopHold } from '../dom/afterPopPaint';
import type { TandemState, TandemStore } from '../store/store';
import { callerLine, ringingIdentity } from './ringingIdentity';
import { ringingTitle } from './ringingTitle';

/**
 * Keeps the page's title in step with the ringing call: "Incoming call — NAME · Tandem" while one rings (the
 * name as soon as the screen pop matched it; nothing changes before the pop's panel has painted), the app's name again once it is answered, declined or gone.
 * Electron's window and the browser tab both show the page's title, so this is the title in both shells.
 */
export function bindRingingTitle(store: TandemStore, t: () => TFunction, doc: Document, quiet?: PopHold): Unsubscribe {
  const apply = (state: TandemState): void => {
    const identity = ringingIdentity(state);
    const title = ringingTitle(t(), identity === null ? null : callerLine(identity));
    if (doc.title !== title) doc.title = title;
  };
  apply(store.getState());
  // After the screen pop's paint (afterPopPaint.ts), by when the pop has usually matched the caller's name.
  const applySoon = afterPopPaint(quiet, () => apply(store.getState()));
  // Only what the title is made of: the store changes many times a second on a busy desk (and twice on every ring).
  return store.subscribe((state, previous) => {
    if (
      state.calls !== previous.calls ||
      state.contextCall !== previous.contextCall ||
      state.contextStatus !== previous.contextStatus ||
      state.customerContext !== previous.customerContext ||
      state.settings !== previous.settings
    )
      applySoon();
  });
}
