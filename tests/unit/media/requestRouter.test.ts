import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MediaReply, MediaRequest } from '@tandem/contract';
import { failureReason, MAX_REASON_LENGTH, MediaFailure } from '../../../renderer/src/softphone/media/mediaFailure';
import { createRequestRouter, type MediaOutcome } from '../../../renderer/src/softphone/media/requestRouter';
import { mediaRequest } from './fakes';

const deferred = <T>() => {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

afterEach(() => {
  vi.useRealTimers();
});

describe('every media request gets exactly one reply', () => {
  it('a description comes back with its SDP, other operations with a bare ok', async () => {
    const replies: MediaReply[] = [];
    const router = createRequestRouter({
      handle: (request) => Promise.resolve(request.operation.op === 'getDescription' ? { sdp: 'v=0' } : {}),
      reply: (reply) => replies.push(reply),
    });
    const get = mediaRequest('c1', { op: 'getDescription', hold: false, iceRestart: false });
    const mute = mediaRequest('c1', { op: 'mute', muted: true });
    await Promise.all([router.route(get), router.route(mute)]);
    expect(replies).toEqual([
      { requestId: get.requestId, result: { ok: true, sdp: 'v=0' } },
      { requestId: mute.requestId, result: { ok: true } },
    ]);
  });

  it('a failure becomes { ok: false, reason } with its code, whether thrown or rejected', async () => {
    const replies: MediaReply[] = [];
    const router = createRequestRouter({
      handle: (request) => {
        if (request.operation.op === 'dtmf') throw new MediaFailure('no-dtmf-sender');
        return Promise.reject(new DOMException('Failed to set remote offer', 'InvalidAccessError'));
      },
      reply: (reply) => replies.push(reply),
    });
    await router.route(mediaRequest('c1', { op: 'dtmf', tones: '1' }));
    await router.route(mediaRequest('c1', { op: 'setDescription', sdp: 'junk', hold: false }));
    expect(replies.map((reply) => reply.result)).toEqual([
      { ok: false, reason: 'no-dtmf-sender' },
      { ok: false, reason: 'internal: InvalidAccessError: Failed to set remote offer' },
    ]);
  });

  it('an operation that never finishes is answered with a timeout, and a late result is dropped', async () => {
    vi.useFakeTimers();
    const replies: MediaReply[] = [];
    const hanging = deferred<MediaOutcome>();
    const router = createRequestRouter({ handle: () => hanging.promise, reply: (reply) => replies.push(reply), timeoutMs: 1000 });
    const done = router.route(mediaRequest('c1', { op: 'prepare' }));
    await vi.advanceTimersByTimeAsync(1000);
    await done;
    hanging.resolve({});
    await vi.advanceTimersByTimeAsync(0);
    expect(replies.map((reply) => reply.result)).toEqual([{ ok: false, reason: 'timeout' }]);
  });

  it('a reply channel that throws or rejects does not break the router', async () => {
    const router = createRequestRouter({
      handle: () => Promise.resolve({}),
      reply: () => {
        throw new Error('bridge gone');
      },
    });
    await expect(router.route(mediaRequest('c1', { op: 'prepare' }))).resolves.toBeUndefined();
    const rejecting = createRequestRouter({ handle: () => Promise.resolve({}), reply: () => Promise.reject(new Error('socket closed')) });
    await expect(rejecting.route(mediaRequest('c1', { op: 'prepare' }))).resolves.toBeUndefined();
  });
});

describe('ordering', () => {
  it('operations of one call run one at a time in arrival order; another call does not wait', async () => {
    const started: string[] = [];
    const gates = new Map<string, ReturnType<typeof deferred<MediaOutcome>>>();
    const router = createRequestRouter({
      handle: (request: MediaRequest) => {
        started.push(`${request.callId}:${request.operation.op}`);
        const gate = deferred<MediaOutcome>();
        gates.set(request.requestId, gate);
        return gate.promise;
      },
      reply: () => undefined,
    });
    const set = mediaRequest('c1', { op: 'setDescription', sdp: 'v=0', hold: false });
    const get = mediaRequest('c1', { op: 'getDescription', hold: false, iceRestart: false });
    const other = mediaRequest('c2', { op: 'prepare' });
    void router.route(set);
    const second = router.route(get);
    void router.route(other);
    await Promise.resolve();
    expect(started).toEqual(['c1:setDescription', 'c2:prepare']);
    gates.get(set.requestId)!.resolve({});
    await vi.waitFor(() => expect(started).toEqual(['c1:setDescription', 'c2:prepare', 'c1:getDescription']));
    gates.get(get.requestId)!.resolve({});
    await second;
  });

  it('close cuts in instead of waiting behind a slow operation of its call', async () => {
    const started: string[] = [];
    const router = createRequestRouter({
      handle: (request) => {
        started.push(request.operation.op);
        return request.operation.op === 'prepare' ? new Promise<MediaOutcome>(() => undefined) : Promise.resolve({});
      },
      reply: () => undefined,
      timeoutMs: 60_000,
    });
    void router.route(mediaRequest('c1', { op: 'prepare' }));
    await router.route(mediaRequest('c1', { op: 'close' }));
    expect(started).toEqual(['prepare', 'close']);
  });
});

describe('failure reasons', () => {
  it('fit the contract’s 500 characters', () => {
    const reason = failureReason(new Error('x'.repeat(2000)));
    expect(reason.length).toBe(MAX_REASON_LENGTH);
    expect(failureReason('odd')).toBe('internal: odd');
    expect(failureReason(new MediaFailure('microphone-unavailable', 'NotAllowedError: denied'))).toBe('microphone-unavailable: NotAllowedError: denied');
  });
});
