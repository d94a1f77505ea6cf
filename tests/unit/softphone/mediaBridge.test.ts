import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventBus } from '../../../main/core/events/eventBus';
import { silentLogger } from '../../../main/core/log/logger';
import type { Clock } from '../../../main/core/time/clock';
import { BridgeSessionDescriptionHandler } from '../../../main/core/softphone/media/bridgeSessionDescriptionHandler';
import { MediaBroker } from '../../../main/core/softphone/media/mediaBroker';
import type { MediaRequest } from '@tandem/contract';

const clock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

function bridge(preparedOffer?: string) {
  const events = new EventBus();
  const requests: MediaRequest[] = [];
  const page = events.attachWindow((event, payload) => {
    if (event === 'media:request') requests.push(payload as MediaRequest);
  });
  const broker = new MediaBroker(events, clock, [{ urls: 'turn:turn.example.com', username: 'u', credential: 'c' }], silentLogger);
  const lost: string[] = [];
  const sdh = new BridgeSessionDescriptionHandler(
    broker,
    () => 'call-1',
    silentLogger,
    () => preparedOffer,
    (callId) => lost.push(callId),
  );
  /** A second page; the first closes for good (it says so, then its window goes): the call's media is nobody's. */
  const secondPageAndFirstCloses = () => {
    const heard: MediaRequest[] = [];
    events.attachWindow((event, payload) => {
      if (event === 'media:request') heard.push(payload as MediaRequest);
    });
    broker.letGo(page.id);
    page.detach();
    return heard;
  };
  return { broker, sdh, requests, page: page.id, lost, secondPageAndFirstCloses };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('the media bridge SessionDescriptionHandler', () => {
  it('asks the media engine for a held offer with ICE restart and returns its SDP', async () => {
    const { broker, sdh, requests, page } = bridge();
    const description = sdh.getDescription({ hold: true, iceRestart: true } as object);
    expect(requests[0]).toMatchObject({
      callId: 'call-1',
      iceServers: [{ urls: 'turn:turn.example.com' }],
      operation: { op: 'getDescription', hold: true, iceRestart: true },
    });
    broker.reply({ requestId: requests[0]?.requestId ?? '', result: { ok: true, sdp: 'v=0\r\n' } }, page);
    await expect(description).resolves.toEqual({ body: 'v=0\r\n', contentType: 'application/sdp' });
  });

  it('reads sip.js’s own offerOptions.iceRestart spelling too', () => {
    const { sdh, requests } = bridge();
    void sdh.getDescription({ offerOptions: { iceRestart: true } } as object).catch(() => undefined);
    expect(requests[0]?.operation).toEqual({ op: 'getDescription', hold: false, iceRestart: true });
  });

  it('fails clearly when the engine refuses or never answers', async () => {
    const { broker, sdh, requests, page } = bridge();
    const refused = sdh.setDescription('v=0', {});
    broker.reply({ requestId: requests[0]?.requestId ?? '', result: { ok: false, reason: 'no microphone' } }, page);
    await expect(refused).rejects.toThrow(/refused setDescription: no microphone/);
    const silent = sdh.getDescription();
    const assertion = expect(silent).rejects.toThrow(/did not answer getDescription for call call-1 within 10000 ms/);
    await vi.advanceTimersByTimeAsync(10_000);
    await assertion;
  });

  it('accepting the offer the call was prepared with does not wait for the page: the answer is asked for at once, in order', async () => {
    const { broker, sdh, requests, page } = bridge('offer-of-the-invite');
    await sdh.setDescription('offer-of-the-invite', { hold: false } as object);
    const answer = sdh.getDescription({ hold: false } as object);
    expect(requests.map((request) => request.operation.op)).toEqual(['setDescription', 'getDescription']);
    broker.reply({ requestId: requests[0]?.requestId ?? '', result: { ok: true } }, page);
    broker.reply({ requestId: requests[1]?.requestId ?? '', result: { ok: true, sdp: 'answer' } }, page);
    await expect(answer).resolves.toEqual({ body: 'answer', contentType: 'application/sdp' });
  });

  it('any other offer (a re-INVITE, or the prepared one on hold) is waited for as before', async () => {
    const { broker, sdh, requests, page } = bridge('offer-of-the-invite');
    let applied = false;
    const other = sdh.setDescription('re-invite offer', {}).then(() => (applied = true));
    await Promise.resolve();
    expect(applied).toBe(false);
    broker.reply({ requestId: requests[0]?.requestId ?? '', result: { ok: true } }, page);
    await other;
    const held = sdh.setDescription('offer-of-the-invite', { hold: true } as object);
    broker.reply({ requestId: requests[1]?.requestId ?? '', result: { ok: false, reason: 'closed' } }, page);
    await expect(held).rejects.toThrow(/refused setDescription: closed/);
  });

  it('fires dtmf and close, and speaks SDP only', () => {
    const { broker, sdh, requests } = bridge();
    // A tone is sent on media the page holds: a page that was never asked for the call's media is not sent one.
    broker.notify('call-1', { op: 'prepare' });
    expect(sdh.sendDtmf('1#')).toBe(true);
    sdh.close();
    sdh.close();
    expect(requests.map((r) => r.operation)).toEqual([{ op: 'prepare' }, { op: 'dtmf', tones: '1#' }, { op: 'close' }]);
    expect(sdh.hasDescription('application/sdp')).toBe(true);
    expect(sdh.hasDescription('text/plain')).toBe(false);
  });

  it('the answer to our offer comes after the page that made it closed: no other page is asked to apply it, and it is reported lost', async () => {
    const { broker, sdh, requests, page, lost, secondPageAndFirstCloses } = bridge();
    const offer = sdh.getDescription({ hold: true } as object);
    broker.reply({ requestId: requests[0]?.requestId ?? '', result: { ok: true, sdp: 'offer' } }, page);
    await offer;
    const second = secondPageAndFirstCloses();
    await expect(sdh.setDescription('answer', { hold: true } as object)).resolves.toBeUndefined();
    expect(second).toEqual([]);
    expect(lost).toEqual(['call-1']);
    expect(broker.ownerOf('call-1')).toBeUndefined();
  });

  it('an offer of ours the far end refused is rolled back: the far end’s own next offer reaches a page, not taken for a late answer', async () => {
    const { broker, sdh, requests, page, lost, secondPageAndFirstCloses } = bridge();
    const offer = sdh.getDescription({ hold: true } as object);
    broker.reply({ requestId: requests[0]?.requestId ?? '', result: { ok: true, sdp: 'offer' } }, page);
    await offer;
    await sdh.rollbackDescription();
    const second = secondPageAndFirstCloses();
    void sdh.setDescription('far end offer', {}).catch(() => undefined);
    expect(second.map((request) => request.operation.op)).toEqual(['setDescription']);
    expect(lost).toEqual([]);
  });

  it('ignores replies nobody asked for', () => {
    const { broker, page } = bridge();
    expect(() => broker.reply({ requestId: 'forged', result: { ok: true } }, page)).not.toThrow();
  });
});
