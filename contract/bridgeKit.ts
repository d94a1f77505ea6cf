/**
 * What a bridge needs to build `window.tandem`, without the contract's schemas: the browser
 * host's bridge (`web-bridge/`) and the Electron preload import this, not the whole contract, so
 * a page load does not build every schema twice (once here, once in the app).
 * `tests/unit/contract/bridgeKit.test.ts` holds both bundles to it.
 */
// zod's setting for a page, before the kit's first parse (zodPolicy.ts says why).
import './zodPolicy';

export { createTandemApi, type ContractTransport } from './api';
export type { EventName } from './events';
export type { RequestChannel } from './channels';
export { fail, type Result } from './result';
export { CONTRACT_SOCKET_PATH, ServerFrameSchema } from './pageSocket';
export { isEventName } from './eventNames';
export { EVENT_CHANNEL, INVOKE_CHANNEL } from './electronChannels';
