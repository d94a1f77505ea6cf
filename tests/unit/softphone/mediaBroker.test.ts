import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventBus, type AttachedWindow } from '../../../main/core/events/eventBus';
import { silentLogger } from '../../../main/core/log/logger';
import { MediaBroker, OWNER_RETURN_GRACE_MS } from '../../../main/core/softphone/media/mediaBroker';
import type { Clock } from '../../../main/core/time/clock';
import type { MediaRequest } from '@tandem/contract';

const clock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** A page attached to main: it records the media requests addressed to it. */
interface Page {
  readonly attached: AttachedWindow;
  readonly requests: MediaRequest[];
}

function desk() {
  const events = new EventBus();
  const warnings: string[] = [];
  const log = { ...silentLogger, warn: (message: string) => void warnings.push(message) };
  const broker = new MediaBroker(events, clock, [], log);
  const open = (): Page => {
    const requests: MediaRequest[] = [];
    const attached = events.attachWindow((event, payload) => {
      if (event === 'media:request') requests.push(payload as MediaRequest);
    });
    return { attached, requests };
  };
  const answer = (page: Page, request: MediaRequest | undefined, sdp = 'v=0\r\n') =>
    broker.reply({ requestId: request?.requestId ?? '', result: { ok: true, sdp } }, page.attached.id);
  /** `page` plays call-1: asked to prepare it, it answered. */
  const playing = async (page: Page) => {
    const prepared = broker.request('call-1', { op: 'prepare' });
    answer(page, page.requests.at(-1));
    await prepared;
  };
  /** Ana muted call-1 and `page`, playing it, did. */
  const mutedOn = async (page: Page) => {
    const muted = broker.request('call-1', { op: 'mute', muted: true });
    answer(page, page.requests.at(-1));
    await muted;
  };
  /** The calls main is told to restore elsewhere, each time it is (`onHandedOn`), recorded from now on. */
  const handedOn = () => {
    const handed: string[][] = [];
    broker.onHandedOn((callIds) => handed.push([...callIds]));
    return handed;
  };
  return { events, broker, open, answer, playing, mutedOn, handedOn, warnings };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('a call’s media has one addressee: the window that owns it', () => {
  it('with two pages open, only the newest page hears the call’s requests, from ring to hang-up', async () => {
    const { broker, open, answer } = desk();
    const older = open();
    const newer = open();

    const prepared = broker.request('call-1', { op: 'prepare' });
    answer(newer, newer.requests[0]);
    await expect(prepared).resolves.toBe('v=0\r\n');
    const offer = broker.request('call-1', { op: 'getDescription', hold: false, iceRestart: false });
    answer(newer, newer.requests[1], 'v=0 answer\r\n');
    await expect(offer).resolves.toBe('v=0 answer\r\n');

    expect(newer.requests.map((request) => request.operation.op)).toEqual(['prepare', 'getDescription']);
    expect(older.requests).toEqual([]);
    expect(broker.ownerOf('call-1')).toBe(newer.attached.id);
  });

  it('a page opened mid-call does not take the call: its later requests stay with the owner', async () => {
    const { broker, open, answer } = desk();
    const owner = open();
    const first = broker.request('call-1', { op: 'prepare' });
    answer(owner, owner.requests[0]);
    await first;

    const latecomer = open();
    const muted = broker.request('call-1', { op: 'mute', muted: true });
    answer(owner, owner.requests[1]);
    await expect(muted).resolves.toBe('v=0\r\n');
    expect(latecomer.requests).toEqual([]);
  });

  it('a reply from a window that does not own the call is ignored; the owner’s reply still settles it', async () => {
    const { broker, open, answer } = desk();
    const other = open();
    const owner = open();
    let settled: string | undefined = 'not yet';
    const offer = broker.request('call-1', { op: 'getDescription', hold: false, iceRestart: false }).then((sdp) => (settled = sdp));
    const request = owner.requests[0];

    answer(other, request, 'v=0 from the wrong page\r\n');
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe('not yet');

    answer(owner, request, 'v=0 from the owner\r\n');
    await offer;
    expect(settled).toBe('v=0 from the owner\r\n');
  });

  it('when the owner detaches mid-call, its pending requests fail at once as closed, and the other page hears nothing', async () => {
    const { broker, open } = desk();
    const other = open();
    const owner = open();
    const pending = broker.request('call-1', { op: 'getDescription', hold: false, iceRestart: false });
    const failure = expect(pending).rejects.toMatchObject({ name: 'MediaEngineError', kind: 'closed' });

    owner.attached.detach();
    await failure;
    expect(broker.ownerOf('call-1')).toBeUndefined();
    expect(other.requests).toEqual([]);
  });

  it('a reloaded page (attached anew) becomes the owner for the re-INVITE', async () => {
    const { broker, open, answer, playing } = desk();
    const other = open();
    const before = open();
    await playing(before);

    before.attached.detach();
    const reloaded = open();
    const offer = broker.request('call-1', { op: 'getDescription', hold: false, iceRestart: false });
    answer(reloaded, reloaded.requests[0], 'v=0 fresh offer\r\n');
    await expect(offer).resolves.toBe('v=0 fresh offer\r\n');
    expect(broker.ownerOf('call-1')).toBe(reloaded.attached.id);
    expect(other.requests).toEqual([]);
  });

  it('after close the call has no owner; with no window attached a request fails at once, since no page could answer it', async () => {
    const { broker, open, answer } = desk();
    const page = open();
    const closed = broker.request('call-1', { op: 'close' });
    answer(page, page.requests[0]);
    await closed;
    expect(broker.ownerOf('call-1')).toBeUndefined();

    page.attached.detach();
    const lonely = broker.request('call-2', { op: 'prepare' });
    await expect(lonely).rejects.toMatchObject({ kind: 'closed' });
    expect(broker.ownerOf('call-2')).toBeUndefined();
  });

  it('the standby prepared before any page attached is not a warning ten seconds later: the page prepares it when it attaches', async () => {
    const { broker, open, warnings } = desk();
    broker.notify('standby-1', { op: 'prepare', microphone: false });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(warnings).toEqual([]);

    const page = open();
    broker.notify('standby-1', { op: 'prepare', microphone: false });
    expect(page.requests.map((request) => request.operation.op)).toEqual(['prepare']);
  });

  it('a page that reconnected owns again the calls it says it holds: their requests go to it, not to the newest page', async () => {
    const { broker, open, answer, playing } = desk();
    const first = open();
    await playing(first);
    const other = open();

    // Step 1: the first page's connection drops and comes back as a new window; the other page is now the newest.
    first.attached.detach();
    const back = open();
    const newest = open();
    broker.adopt(back.attached.id, ['call-1']);

    // Step 2: the call's next request (a hold) goes to the page that came back.
    const hold = broker.request('call-1', { op: 'getDescription', hold: true, iceRestart: false });
    answer(back, back.requests[0], 'v=0 on hold\r\n');
    await expect(hold).resolves.toBe('v=0 on hold\r\n');
    expect([other.requests, newest.requests]).toEqual([[], []]);
  });

  it('what another page owns stays with it: the reconnected page is told to close its copy, and owns nothing it cannot play', async () => {
    const { events, broker, open, answer, playing, warnings } = desk();
    const owner = open();
    await playing(owner);

    // Step 1: a page comes back listing call-1, which the owner plays now: only it hears a close, and the owner keeps the call.
    const back = open();
    broker.adopt(back.attached.id, ['call-1']);
    expect(back.requests.map((request) => [request.operation.op, request.callId])).toEqual([['close', 'call-1']]);
    answer(back, back.requests[0]);
    expect(broker.ownerOf('call-1')).toBe(owner.attached.id);
    expect(owner.requests).toHaveLength(1);

    // Step 2: a window that plays no media (the supervisor view) or is gone adopts nothing.
    const supervisor = open();
    events.markWatchOnly(supervisor.attached.id);
    broker.adopt(supervisor.attached.id, ['call-2']);
    const gone = open();
    gone.attached.detach();
    broker.adopt(gone.attached.id, ['call-3']);
    expect([broker.ownerOf('call-2'), broker.ownerOf('call-3')]).toEqual([undefined, undefined]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(warnings).toEqual([]);
  });

  it('a tone for a call no page owns is refused; a mute is kept: neither reaches a page nor makes one the owner, only a request that makes media does', async () => {
    const { broker, open } = desk();
    const page = open();
    await expect(broker.request('call-1', { op: 'mute', muted: true })).resolves.toBeUndefined();
    await expect(broker.request('call-1', { op: 'dtmf', tones: '1' })).rejects.toMatchObject({ kind: 'closed' });
    expect(page.requests).toEqual([]);
    expect(broker.ownerOf('call-1')).toBeUndefined();
  });

  it('a detached owner’s calls stay claimed for the grace; then those its page did not list are handed on, once', async () => {
    const { broker, open, answer, handedOn } = desk();
    const other = open();
    const owner = open();
    for (const callId of ['call-1', 'call-2']) {
      const prepared = broker.request(callId, { op: 'prepare' });
      answer(owner, owner.requests.at(-1));
      await prepared;
    }
    const handed = handedOn();

    // Step 1: the owner's connection closes: nobody owns its calls, but they wait for its page.
    owner.attached.detach();
    expect([broker.ownerOf('call-1'), broker.isClaimed('call-1'), broker.isClaimed('call-2')]).toEqual([undefined, true, true]);
    await vi.advanceTimersByTimeAsync(OWNER_RETURN_GRACE_MS - 1);
    expect(handed).toEqual([]);

    // Step 2: the page comes back listing call-1 only; when the grace ends, call-2 is handed on to be restored, and is nobody's.
    const back = open();
    broker.adopt(back.attached.id, ['call-1']);
    await vi.advanceTimersByTimeAsync(OWNER_RETURN_GRACE_MS);
    expect(handed).toEqual([['call-2']]);
    expect([broker.ownerOf('call-1'), broker.isClaimed('call-2')]).toEqual([back.attached.id, false]);
    expect(other.requests).toEqual([]);
  });

  it('with no page left to take them, a detached owner’s calls wait on no clock: their grace starts when a page comes back', async () => {
    const { broker, open, playing, handedOn } = desk();
    const page = open();
    await playing(page);
    const handed = handedOn();

    // Step 1: the only page's connection closes: nobody could play the call, so however long it is away, it stays claimed.
    page.attached.detach();
    await vi.advanceTimersByTimeAsync(60_000);
    expect([handed, broker.isClaimed('call-1')]).toEqual([[], true]);

    // Step 2: a page comes back listing none of it: from now its own page has the grace to come back too, then it is handed on.
    const other = open();
    broker.adopt(other.attached.id, []);
    await vi.advanceTimersByTimeAsync(OWNER_RETURN_GRACE_MS - 1);
    expect(handed).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect([handed, broker.isClaimed('call-1')]).toEqual([[['call-1']], false]);
  });

  it('the page playing the call is closed for good and says so: the call is handed on as its connection closes, with no grace', async () => {
    const { broker, open, answer, playing, handedOn } = desk();
    const other = open();
    const owner = open();
    await playing(owner);
    const handed = handedOn();

    // Step 1: the owner's page is unloaded (pagehide) and lets go; until its connection closes the call is still its own.
    broker.letGo(owner.attached.id);
    expect([broker.ownerOf('call-1'), handed]).toEqual([owner.attached.id, []]);

    // Step 2: its connection closes: the call is handed on then and there, nobody's, and no clock runs for it.
    owner.attached.detach();
    expect([handed, broker.isClaimed('call-1')]).toEqual([[['call-1']], false]);
    expect(vi.getTimerCount()).toBe(0);

    // Step 3: the renegotiation's offer is asked of the page still open, which owns the call from then on.
    const offer = broker.request('call-1', { op: 'getDescription', hold: false, iceRestart: false });
    answer(other, other.requests[0], 'v=0 restored\r\n');
    await expect(offer).resolves.toBe('v=0 restored\r\n');
    expect(broker.ownerOf('call-1')).toBe(other.attached.id);

    // Step 4: when the grace would have ended, nothing more is handed on.
    await vi.advanceTimersByTimeAsync(OWNER_RETURN_GRACE_MS);
    expect(handed).toEqual([['call-1']]);
  });

  it('the only page is closed for good: its call waits for no page, and one that reconnects restores it without a grace', async () => {
    const { broker, open, playing, handedOn } = desk();
    const page = open();
    await playing(page);
    const handed = handedOn();

    // Step 1: the page lets go and closes: nobody could play the call now; it is nobody's, not away.
    broker.letGo(page.attached.id);
    page.attached.detach();
    expect([handed, broker.isClaimed('call-1')]).toEqual([[], false]);

    // Step 2: another page comes back listing nothing: the call is unclaimed for its media:ready to restore, and no grace starts.
    const back = open();
    broker.adopt(back.attached.id, []);
    expect([broker.isClaimed('call-1'), vi.getTimerCount()]).toEqual([false, 0]);
  });

  it('only the page that lets go is let go of: its word counts for its own window, and a gone or watch-only window’s for nothing', async () => {
    const { events, broker, open, playing, handedOn } = desk();
    const player = open();
    await playing(player);
    const other = open();
    const supervisor = open();
    events.markWatchOnly(supervisor.attached.id);
    const handed = handedOn();

    // Step 1: the other page and the supervisor view let go and close; a window already gone lets go too.
    for (const window of [other, supervisor]) {
      broker.letGo(window.attached.id);
      window.attached.detach();
    }
    broker.letGo(other.attached.id);

    // Step 2: the player's connection blinks: its call waits for it, as after any lost connection.
    const newest = open();
    player.attached.detach();
    expect([handed, broker.isClaimed('call-1')]).toEqual([[], true]);
    await vi.advanceTimersByTimeAsync(OWNER_RETURN_GRACE_MS);
    expect(handed).toEqual([['call-1']]);
    expect(newest.requests).toEqual([]);
  });

  it('a disposed broker stops watching windows and fails what is pending as closed', async () => {
    const { broker, open } = desk();
    const page = open();
    const pending = broker.request('call-1', { op: 'prepare' });
    broker.dispose();
    await expect(pending).rejects.toMatchObject({ kind: 'closed' });
    expect(() => page.attached.detach()).not.toThrow();
  });
});

/** What `page` was asked, as `op` or `op:muted` for a mute. */
const asked = (page: Page): string[] => page.requests.map(({ operation }) => (operation.op === 'mute' ? `mute:${String(operation.muted)}` : operation.op));

describe('the agent’s mute is main’s, and goes with the call’s media to whichever page plays it', () => {
  it('Ana muted the call and closed the page playing it: the page that takes the media hears the mute before its offer', async () => {
    const { broker, open, answer, playing, mutedOn } = desk();
    const other = open();
    const player = open();
    await playing(player);

    // Step 1: Ana mutes the call; the page playing it mutes its microphone.
    await mutedOn(player);

    // Step 2: she closes that page, which lets go of the call; the other page is asked for the re-INVITE's offer.
    broker.letGo(player.attached.id);
    player.attached.detach();
    const offer = broker.request('call-1', { op: 'getDescription', hold: false, iceRestart: false });

    // Step 3: the mute went first: the engine applies it before it opens the microphone for the offer.
    expect(asked(other)).toEqual(['mute:true', 'getDescription']);
    answer(other, other.requests[0]);
    answer(other, other.requests[1], 'v=0 restored\r\n');
    await expect(offer).resolves.toBe('v=0 restored\r\n');
    expect(broker.ownerOf('call-1')).toBe(other.attached.id);
  });

  it('a call never muted takes nothing more to the page that takes it over: its offer only', async () => {
    const { broker, open, playing } = desk();
    const other = open();
    const player = open();
    await playing(player);

    broker.letGo(player.attached.id);
    player.attached.detach();
    void broker.request('call-1', { op: 'getDescription', hold: false, iceRestart: false });
    expect(asked(other)).toEqual(['getDescription']);
  });

  it('Ana mutes while the page playing the call is away: the mute is not refused, and that page hears it when it is back', async () => {
    const { broker, open, playing } = desk();
    const player = open();
    await playing(player);
    const other = open();

    // Step 1: the playing page's connection blinks; Ana mutes meanwhile: kept, and no page is asked.
    player.attached.detach();
    await expect(broker.request('call-1', { op: 'mute', muted: true })).resolves.toBeUndefined();
    expect(other.requests).toEqual([]);

    // Step 2: the page comes back listing the call: it owns it again, and its microphone is muted before anything else.
    const back = open();
    broker.adopt(back.attached.id, ['call-1']);
    expect(asked(back)).toEqual(['mute:true']);
    expect(broker.ownerOf('call-1')).toBe(back.attached.id);
  });

  it('Ana mutes while the media is being handed on: the mute sent to the leaving page is kept, and the next page starts muted', async () => {
    const { broker, open, playing } = desk();
    const other = open();
    const player = open();
    await playing(player);

    // Step 1: Ana mutes; before the page answers, it closes for good.
    const muted = broker.request('call-1', { op: 'mute', muted: true });
    broker.letGo(player.attached.id);
    player.attached.detach();

    // Step 2: the mute is not lost: it succeeds for Ana, and the page that takes the media hears it first.
    await expect(muted).resolves.toBeUndefined();
    void broker.request('call-1', { op: 'getDescription', hold: false, iceRestart: false });
    expect(asked(other)).toEqual(['mute:true', 'getDescription']);
  });

  it('Ana unmutes while the page is away: the page that takes the media next is told so, the last word wins', async () => {
    const { broker, open, playing, mutedOn } = desk();
    const player = open();
    await playing(player);
    await mutedOn(player);

    player.attached.detach();
    await broker.request('call-1', { op: 'mute', muted: false });
    const back = open();
    broker.adopt(back.attached.id, ['call-1']);
    expect(asked(back)).toEqual(['mute:false']);
  });

  it('a mute the playing page refuses fails for Ana, and the page that takes the media later keeps her earlier word', async () => {
    const { broker, open, playing, mutedOn } = desk();
    const other = open();
    const player = open();
    await playing(player);
    await mutedOn(player);

    // Step 1: Ana unmutes, and the page refuses: she is told, and is still muted.
    const unmuted = broker.request('call-1', { op: 'mute', muted: false });
    broker.reply({ requestId: player.requests[2]?.requestId ?? '', result: { ok: false, reason: 'closed' } }, player.attached.id);
    await expect(unmuted).rejects.toMatchObject({ kind: 'refused' });

    // Step 2: the page closes; the other page takes the media muted, as Ana last saw it.
    broker.letGo(player.attached.id);
    player.attached.detach();
    void broker.request('call-1', { op: 'getDescription', hold: false, iceRestart: false });
    expect(asked(other)).toEqual(['mute:true', 'getDescription']);
  });

  it('a call that ended is forgotten with its mute: its id used again starts unmuted', async () => {
    const { broker, open, answer, playing, mutedOn } = desk();
    const page = open();
    await playing(page);
    await mutedOn(page);
    const closed = broker.request('call-1', { op: 'close' });
    answer(page, page.requests[2]);
    await closed;

    page.attached.detach();
    const next = open();
    void broker.request('call-1', { op: 'prepare' });
    expect(asked(next)).toEqual(['prepare']);
  });
});

describe('a call that ends while no page is attached waits for none', () => {
  it('the only page is away when the call is hung up: its entry goes at once, and the page that comes back restores nothing', async () => {
    const { broker, open, playing, handedOn } = desk();
    const page = open();
    await playing(page);
    const handed = handedOn();

    // Step 1: the page's connection drops: the call is away, waiting for it.
    page.attached.detach();
    expect(broker.isClaimed('call-1')).toBe(true);

    // Step 2: the far end hangs up; main's close reaches no page, and the call is nobody's now.
    broker.notify('call-1', { op: 'close' });
    expect(broker.isClaimed('call-1')).toBe(false);

    // Step 3: a page comes back: no grace starts for the call, and nothing is handed on when it would have ended.
    const back = open();
    broker.adopt(back.attached.id, []);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(OWNER_RETURN_GRACE_MS);
    expect(handed).toEqual([]);
  });

  it('the call ends while its page is away and another page has come back: its grace is cancelled, nothing is handed on', async () => {
    const { broker, open, answer, playing, handedOn } = desk();
    const player = open();
    await playing(player);
    const handed = handedOn();

    // Step 1: the page drops and another comes back: the call is returning, its grace running.
    player.attached.detach();
    const other = open();
    broker.adopt(other.attached.id, []);
    expect(vi.getTimerCount()).toBe(1);

    // Step 2: the call ends; the close goes to the page here (which releases anything it might hold), and the grace with it.
    const closed = broker.request('call-1', { op: 'close' });
    answer(other, other.requests[0]);
    await closed;
    expect([broker.isClaimed('call-1'), vi.getTimerCount()]).toEqual([false, 0]);
    await vi.advanceTimersByTimeAsync(OWNER_RETURN_GRACE_MS);
    expect(handed).toEqual([]);
  });
});
