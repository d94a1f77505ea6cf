import { fail, isRequestChannel, ok, requests, type ParsedRequestOf, type RequestChannel, type ResponseOf, type Result } from '@tandem/contract';
import type { WindowId } from '../events/eventBus';
import type { Logger } from '../log/logger';
import { ContractFailure } from './contractFailure';

/** Which attached window sent a request, as its transport knows it (absent for callers that are not a window). */
export interface Caller {
  readonly windowId: WindowId;
}

export type Handlers = {
  readonly [C in RequestChannel]: (payload: ParsedRequestOf<C>, caller: Caller | undefined) => Promise<ResponseOf<C>> | ResponseOf<C>;
};

export type Dispatch = (channel: unknown, payload: unknown, caller?: Caller) => Promise<Result<unknown>>;

/** Schema issues as `path: message`, capped so a hostile 10 kB payload can't balloon a log line. */
const describeIssues = (issues: readonly { path: readonly PropertyKey[]; message: string }[]): string =>
  issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
    .join('; ')
    .slice(0, 500);

/**
 * The one door into main. The transport has already checked *who* is calling
 * (sender frame or authenticated socket); this checks *what*: the channel must
 * exist and the payload must parse before any service sees it. Whatever
 * happens, the caller gets a Result; nothing is thrown across the bridge.
 */
export function createDispatcher(handlers: Handlers, log: Logger): Dispatch {
  return async (channel, payload, caller) => {
    if (!isRequestChannel(channel)) {
      return fail('unknown-channel', 'errors.unknownChannel', typeof channel === 'string' ? channel.slice(0, 80) : typeof channel);
    }
    const parsed = requests[channel].request.safeParse(payload);
    if (!parsed.success) {
      return fail('invalid-payload', 'errors.invalidPayload', `${channel}: ${describeIssues(parsed.error.issues)}`);
    }
    try {
      const handler = handlers[channel] as (p: unknown, c: Caller | undefined) => Promise<unknown>;
      return ok(await handler(parsed.data, caller));
    } catch (error) {
      if (error instanceof ContractFailure) {
        return error.detail === undefined ? fail(error.code, error.messageKey) : fail(error.code, error.messageKey, error.detail);
      }
      log.error('request failed', { channel, error: error instanceof Error ? error.message : String(error) });
      return fail('internal', 'errors.internal');
    }
  };
}
