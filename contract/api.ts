import type { RequestChannel, RequestOf, ResponseOf } from './channels';
import type { EventName, EventPayload } from './events';
import { requestMethods } from './requestMethods';
import type { Result } from './result';

type MethodOf<C extends RequestChannel> = (typeof requestMethods)[C];

type ChannelOfMethod<M extends string> = {
  [C in RequestChannel]: MethodOf<C> extends M ? C : never;
}[RequestChannel];

/** Requests whose fields are all optional (or that carry nothing) can be called without arguments. */
type Call<C extends RequestChannel> =
  Record<never, never> extends RequestOf<C>
    ? (payload?: RequestOf<C>) => Promise<Result<ResponseOf<C>>>
    : (payload: RequestOf<C>) => Promise<Result<ResponseOf<C>>>;

export type Unsubscribe = () => void;

/** The whole of what a renderer can do: `window.tandem`. */
export type TandemApi = {
  readonly [M in MethodOf<RequestChannel>]: Call<ChannelOfMethod<M>>;
} & {
  readonly on: <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => Unsubscribe;
};

/** What a bridge has to provide; both bridges build the same API from it. */
export interface ContractTransport {
  invoke(channel: RequestChannel, payload: unknown): Promise<Result<unknown>>;
  subscribe(event: EventName, listener: (payload: unknown) => void): Unsubscribe;
}

/**
 * Builds `window.tandem` from the contract's method table, so adding a channel adds a
 * method in both shells at once and the renderer's type follows the table.
 */
export function createTandemApi(transport: ContractTransport): TandemApi {
  const api: Record<string, unknown> = {};
  for (const [channel, method] of Object.entries(requestMethods) as [RequestChannel, string][]) {
    api[method] = (payload: unknown = {}) => transport.invoke(channel, payload);
  }
  api['on'] = (event: EventName, listener: (payload: unknown) => void) => transport.subscribe(event, listener);
  return Object.freeze(api) as TandemApi;
}
