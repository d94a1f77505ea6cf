/**
 * Every reply that crosses a process boundary is a Result: the bridge never
 * throws, so a renderer bug or a hostile payload can't take main down and the
 * renderer always gets something it can show.
 */
export type ContractErrorCode = 'invalid-payload' | 'unknown-channel' | 'forbidden-sender' | 'unavailable' | 'rejected' | 'internal';

export interface ContractError {
  readonly code: ContractErrorCode;
  /** An i18n key the renderer can translate; never raw text from the network. */
  readonly messageKey: string;
  /** Developer detail (schema paths, etc.). Never contains secrets. */
  readonly detail?: string;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ContractError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const fail = (code: ContractErrorCode, messageKey: string, detail?: string): Result<never> =>
  detail === undefined ? { ok: false, error: { code, messageKey } } : { ok: false, error: { code, messageKey, detail } };
