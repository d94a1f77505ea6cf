import { expect } from 'vitest';
import { waitFor } from '@testing-library/react';
import type { Desk } from '../../../renderer/src/startDesk';

/**
 * Lets a story wait until the desk has read main's softphone state and acted on every reply, a reconnect's
 * included: writing what the reply said ended is IndexedDB work that goes on after the read's request, and
 * a story that says "written once" must wait for it to be over, not only sent. Every read of the softphone
 * ends with the context's snapshot (`bindContract`), so the desk counts those it has finished. Install it
 * right after the desk opens, before the startup read's reply lands.
 */
export function watchMainReads(desk: Desk, host: { sent(channel: 'softphone:getState'): unknown[] }): { readonly allDone: () => Promise<void> } {
  let done = 0;
  const { contextSnapshot } = desk.store.getState();
  desk.store.setState({
    contextSnapshot: async (load) => {
      await contextSnapshot(load);
      done += 1;
    },
  });
  return { allDone: () => waitFor(() => expect(done).toBe(host.sent('softphone:getState').length)) };
}
