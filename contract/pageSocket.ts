import * as z from 'zod/mini';

/**
 * The browser host's contract socket as the page sees it (`wire.ts` has main's side): what main
 * sends down it, as the bridge checks it. With zod's mini build: the bridge runs before the app
 * on every load and checks only this envelope, so it carries ~17 kB of zod instead of ~95 kB (the
 * classic API cannot be tree-shaken). The payloads are typed by the contract's tables.
 */
export const ServerFrameSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('result'), id: z.number(), result: z.unknown() }),
  z.object({ kind: z.literal('event'), event: z.string(), payload: z.unknown() }),
]);

/** The path of the contract socket on the browser host. */
export const CONTRACT_SOCKET_PATH = '/contract';
