import type { ContractError, Result, TandemApi } from '@tandem/contract';

/** What the desk shows when there is no `window.tandem` to talk to at all. */
export const NO_BRIDGE: ContractError = { code: 'unavailable', messageKey: 'errors.noBridge' };

/**
 * `window.tandem`, if a bridge provided one. Its type says it is always there,
 * but a page opened outside the app (or a broken preload) has none, and the
 * desk must say so rather than crash.
 */
export function readTandem(win: Window): TandemApi | undefined {
  const candidate: unknown = Reflect.get(win, 'tandem');
  return typeof candidate === 'object' && candidate !== null ? (candidate as TandemApi) : undefined;
}

/**
 * Calls the API and always ends in a Result. The contract promises never to
 * throw, but a missing bridge or a bug in one must still only become an alert.
 */
export async function callTandem<T>(api: TandemApi | undefined, call: (api: TandemApi) => Promise<Result<T>>): Promise<Result<T>> {
  if (!api) return { ok: false, error: NO_BRIDGE };
  try {
    return await call(api);
  } catch {
    return { ok: false, error: { code: 'internal', messageKey: 'errors.internal' } };
  }
}
