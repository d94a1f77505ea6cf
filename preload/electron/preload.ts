/**
 * The Electron preload (bundled to out/preload/electron.cjs). It runs
 * sandboxed, so the only module it may require is `electron`; the contract
 * is bundled in. It exposes exactly one thing: `window.tandem`, built from
 * the contract table, one function per message. `ipcRenderer` itself, the
 * IPC event objects and Node never reach the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createTandemApi, EVENT_CHANNEL, fail, INVOKE_CHANNEL, isEventName, type ContractTransport, type EventName } from '@tandem/contract/bridgeKit';

const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

ipcRenderer.on(EVENT_CHANNEL, (_event, message: unknown) => {
  if (message === null || typeof message !== 'object' || !('event' in message) || !isEventName(message.event)) return;
  const payload: unknown = 'payload' in message ? message.payload : undefined;
  for (const listener of listeners.get(message.event) ?? []) {
    try {
      listener(payload);
    } catch (error) {
      // One failing listener must not starve the others.
      console.error('tandem event listener failed', error);
    }
  }
});

const transport: ContractTransport = {
  async invoke(channel, payload) {
    try {
      return (await ipcRenderer.invoke(INVOKE_CHANNEL, { channel, payload })) as Awaited<ReturnType<ContractTransport['invoke']>>;
    } catch {
      // Only reachable when the payload cannot be cloned (a function, a DOM node): main never throws.
      return fail('invalid-payload', 'errors.invalidPayload', 'payload cannot be sent');
    }
  },
  subscribe(event, listener) {
    let set = listeners.get(event);
    if (set === undefined) {
      set = new Set();
      listeners.set(event, set);
    }
    set.add(listener);
    return () => {
      listeners.get(event)?.delete(listener);
    };
  },
};

contextBridge.exposeInMainWorld('tandem', createTandemApi(transport));
