/**
 * A browser-host page whose connection to main drops and comes back is a new
 * window to main, but keeps its media (the agent's call goes on playing). Main
 * must learn which calls' media it still holds (`media:ready { held }`): the
 * page owns them again, and main restores only what no page holds or may still
 * come back for (the grace, OWNER_RETURN_GRACE_MS, on a fake clock). Wired as in
 * the app: main's CallManager, MediaBroker and `mediaReady` on a real EventBus,
 * and each page's real media engine answering through it, on a fake call media
 * that says what it holds open; the far ends are fake sip.js sessions, and a phone Ana dials answers on the wire of
 * a real sip.js UserAgent (support/dialledPhone.ts).
 */
import type { UserAgent } from 'sip.js';
import { describe, expect, it } from 'vitest';
import { ok, type CallInfo, type MediaRequest } from '@tandem/contract';
import { EventBus, type AttachedWindow } from '../../../main/core/events/eventBus';
import { silentLogger } from '../../../main/core/log/logger';
import { CallManager } from '../../../main/core/softphone/calls/callManager';
import { StandbyMedia } from '../../../main/core/softphone/calls/standbyMedia';
import {
  BridgeSessionDescriptionHandler,
  bridgeSdhFactory,
  type BridgeDescriptionOptions,
} from '../../../main/core/softphone/media/bridgeSessionDescriptionHandler';
import { MediaBroker, OWNER_RETURN_GRACE_MS } from '../../../main/core/softphone/media/mediaBroker';
import { mediaReady, restoreHandedOn } from '../../../main/core/softphone/mediaReady';
import type { PrepareOptions } from '../../../renderer/src/softphone/media/callMedia';
import { createMediaEngine, type CallMediaLike } from '../../../renderer/src/softphone/media/mediaEngine';
import { createFakeMediaHost, quietCallMedia } from '../media/fakes';
import { dialledPhone } from './support/dialledPhone';
import { farEnd, type FarEnd } from './support/farEnd';
import { manualClock } from './support/manualClock';

const OFFER = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=sendrecv\r\n';

/** Every promise chain started so far has run: the engine's replies, main's reactions to them. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/**
 * A call's media that holds a connection (and, but for the standby, the microphone) from its first operation until
 * `close`. A mute is logged where it falls among them: CallMedia opens the microphone disabled when a mute came first.
 */
function heldMedia(callId: string, open: Set<string>, log: string[]): CallMediaLike {
  const opened = (what: string) => {
    open.add(callId);
    log.push(`${what} ${callId}`);
  };
  return {
    prepare: (options?: PrepareOptions) => Promise.resolve(opened(options?.sdp === undefined ? 'prepare' : 'prepare with the offer')),
    getDescription: (hold) => Promise.resolve(opened(hold ? 'offer on hold' : 'offer')).then(() => 'v=0\r\n'),
    setDescription: () => Promise.resolve(opened('apply')),
    ...quietCallMedia(callId),
    mute: (muted) => void log.push(`${muted ? 'mute' : 'unmute'} ${callId}`),
    close() {
      open.delete(callId);
      log.push(`close ${callId}`);
    },
  };
}

/** Ana's desk: main's softphone halves, and the pages she opens on it. */
function desk() {
  const clock = manualClock();
  const events = new EventBus();
  const broker = new MediaBroker(events, clock, [], silentLogger);
  const standby = new StandbyMedia({ broker, clock });
  const calls: CallInfo[] = [];
  /** Ana's real UserAgent once a story dials out (`lineTo`); the inbound stories' far ends need none. */
  let userAgent: UserAgent | undefined;
  const manager = new CallManager({
    userAgent: () => userAgent ?? ({} as UserAgent),
    broker,
    standby,
    clock,
    log: silentLogger,
    defaultRegion: 'US',
    domain: 'pbx.example.com',
    onCall: (info) => calls.push(info),
  });
  const main = { broker, calls: manager, standby };
  restoreHandedOn(main);

  /** A page with its media engine; its connection to main can drop and come back, as a new window. */
  const openPage = () => {
    const host = createFakeMediaHost();
    const open = new Set<string>();
    const log: string[] = [];
    /** What main asked of this page, as `op callId`. */
    const heard: string[] = [];
    const attach = (): AttachedWindow =>
      events.attachWindow((event, payload) => {
        if (event !== 'media:request') return;
        const request = payload as MediaRequest;
        heard.push(`${request.operation.op} ${request.callId}`);
        host.emit('media:request', request);
      });
    let window = attach();
    const engine = createMediaEngine({
      host: {
        ...host.api,
        mediaReply: (reply) => {
          broker.reply(reply, window.id);
          return Promise.resolve(ok(null));
        },
        mediaReady: (request) => mediaReady(main, { from: window.id, held: request?.held }).then(() => ok(null)),
        releaseMedia: () => {
          broker.letGo(window.id);
          return Promise.resolve(ok(null));
        },
      },
      devices: {
        getSnapshot: () => ({
          microphone: { deviceId: 'default', label: '', preferred: null, fallback: false },
          speaker: { deviceId: 'default', label: '', preferred: null, fallback: false },
        }),
        subscribe: () => () => undefined,
      },
      createCall: (callId) => heldMedia(callId, open, log),
    });
    engine.start();
    return {
      open,
      log,
      heard,
      window: () => window.id,
      /** The socket drops: main detaches the window; the page keeps its media. */
      drop: () => window.detach(),
      /** The socket reopens: a new window to main, and the page says what it holds (what bindContract does on `app:connected`). */
      comeBack: async () => {
        window = attach();
        engine.reconnected();
        await settle();
      },
      /** Ana closes the page: its window goes, and its media with it. */
      close: () => {
        window.detach();
        engine.stop();
      },
      /** Ana closes the page and it says so as it goes (`pagehide`, as startMedia wires it); then its window goes. */
      closeSayingSo: () => {
        engine.letGo();
        window.detach();
        engine.stop();
      },
    };
  };

  /** A call from `from` rings; `answered`: Ana takes it (200, ACK), its media where its `prepare` went. */
  const ring = async (from: string, { answered = false } = {}) => {
    const far = farEnd(from, { offer: OFFER });
    manager.incoming(far.invitation);
    const callId = calls.at(-1)?.id ?? '';
    if (answered) {
      far.establish();
      far.ack();
    }
    await settle();
    return { ...far, callId };
  };
  /** Time passes on main's clock; then every reaction to it has run. */
  const wait = async (ms: number) => {
    clock.advance(ms);
    await settle();
  };
  /**
   * sip.js asks the call's description handler for the offer of the re-INVITE main just sent, with its hold (the
   * fake far end has no handler, so the story asks the broker as the handler would); resolves once a page made it.
   */
  const offerFor = (far: FarEnd & { callId: string }) =>
    broker.request(far.callId, { op: 'getDescription', hold: far.reinvites.at(-1)?.options.hold === true, iceRestart: false });
  /** The far end says 200 to the re-INVITE main has out on its call (one at a time, as sip.js allows), e.g. a new page's. */
  const farEndAnswers = async (far: FarEnd) => {
    await settle();
    far.outstanding()?.answer(200);
    await settle();
  };
  /** The description handler sip.js makes for the call's session, wired as sipSoftphone wires it: it asks the pages through the broker. */
  const descriptionHandlerOf = (far: { callId: string }) =>
    new BridgeSessionDescriptionHandler(
      broker,
      () => far.callId,
      silentLogger,
      () => undefined,
      (callId) => manager.renegotiation.answerLost(callId),
    );
  /** Ana's line to the phone she dials: a real sip.js UserAgent whose description handlers ask the pages, wired as sipSoftphone wires it. */
  const lineTo = async () => {
    const phone = await dialledPhone(
      bridgeSdhFactory(
        broker,
        (session) => manager.callIdOf(session),
        silentLogger,
        () => undefined,
        (callId) => manager.renegotiation.answerLost(callId),
      ),
    );
    userAgent = phone.userAgent;
    return phone;
  };
  /**
   * Ben's answered call plays in the first page; a second page opens (main re-INVITEs him to offer it the media)
   * and the far end says 200: the two pages and the call, as the handover stories begin.
   */
  const benOnTwoPages = async () => {
    const playing = openPage();
    const ben = await ring(BEN, { answered: true });
    const other = openPage();
    await farEndAnswers(ben);
    return { playing, ben, other };
  };
  return { broker, standby, manager, openPage, ring, wait, offerFor, farEndAnswers, descriptionHandlerOf, lineTo, benOnTwoPages };
}

const LUCIA = '"Lucía" <sip:+12125550123@pbx.example.com>;tag=1';
const BEN = '"Ben" <sip:1002@pbx.example.com>;tag=2';
const CARLA = '"Carla" <sip:+442071234567@pbx.example.com>;tag=3';

describe('Ana’s page comes back after its connection to main dropped, still holding its calls’ media', () => {
  it('Lucía rang while Ana’s only page was away: the page that comes back prepares her call, once', async () => {
    const { broker, openPage, ring } = desk();
    const page = openPage();
    await settle();

    // Step 1: the page's connection drops. Lucía rings: her call's `prepare` has no window to go to.
    page.drop();
    const lucia = await ring(LUCIA);
    expect(page.log).toEqual([]);

    // Step 2: the page comes back holding nothing: main prepares Lucía's call there, with her offer, so her answer is made ahead.
    await page.comeBack();
    expect(page.log).toEqual([`prepare with the offer ${lucia.callId}`]);
    expect(broker.ownerOf(lucia.callId)).toBe(page.window());

    // Step 3: the connection blinks again: the page lists her call, and main does not prepare it a second time.
    page.drop();
    await page.comeBack();
    expect(page.heard).toEqual([`prepare ${lucia.callId}`]);
    expect(broker.ownerOf(lucia.callId)).toBe(page.window());
  });

  it('with two pages open, Ben’s call stays with the page that plays it: its hold goes there, and his hang-up releases that microphone', async () => {
    const { broker, openPage, ring } = desk();
    const first = openPage();
    const ben = await ring(BEN, { answered: true });
    const second = openPage();
    await settle();
    expect(first.open).toEqual(new Set([ben.callId]));
    // (A page that opens holds no media: main re-offers the live calls, as it always has; see the last story.)
    const offered = ben.reinvites.length;

    // Step 1: both pages' connections blink; the first comes back first, so the second is the newest window.
    first.drop();
    second.drop();
    await first.comeBack();
    await second.comeBack();

    // Step 2: Ben's call is the first page's again; nothing was re-offered, and the second page heard nothing.
    expect(broker.ownerOf(ben.callId)).toBe(first.window());
    expect(ben.reinvites).toHaveLength(offered);
    expect(second.heard).toEqual([]);

    // Step 3: Ana holds Ben: the hold's offer is asked of the page that has his media.
    await expect(broker.request(ben.callId, { op: 'getDescription', hold: true, iceRestart: false })).resolves.toBe('v=0\r\n');
    expect(first.log.at(-1)).toBe(`offer on hold ${ben.callId}`);
    expect(second.heard).toEqual([]);

    // Step 4: Ben hangs up: main's close reaches that page, and Ana's microphone is released.
    ben.terminate();
    await settle();
    expect(first.open).toEqual(new Set());
    expect(second.open).toEqual(new Set());
  });

  it('a live call whose page was closed for good is renegotiated when the grace ends; one the page that came back still plays is not', async () => {
    const { broker, ring, wait, benOnTwoPages } = desk();
    const { playing: closing, ben, other: staying } = await benOnTwoPages();
    const carla = await ring(CARLA, { answered: true });
    expect([broker.ownerOf(ben.callId), broker.ownerOf(carla.callId)]).toEqual([closing.window(), staying.window()]);
    const offered = { ben: ben.reinvites.length, carla: carla.reinvites.length };

    // Step 1: Ana closes the page that played Ben's call; the other page's connection blinks and comes back, with Carla's.
    closing.close();
    staying.drop();
    await staying.comeBack();

    // Step 2: Carla's page still plays her call: no re-INVITE, and it owns it. Ben's page may yet come back: main waits.
    expect(carla.reinvites).toHaveLength(offered.carla);
    expect(broker.ownerOf(carla.callId)).toBe(staying.window());
    expect(ben.reinvites).toHaveLength(offered.ben);

    // Step 3: the grace ends without Ben's page: his media is in no page, and main re-INVITEs him.
    await wait(OWNER_RETURN_GRACE_MS);
    expect(ben.reinvites).toHaveLength(offered.ben + 1);
    expect(carla.reinvites).toHaveLength(offered.carla);
  });

  it('both pages’ connections drop and the page without Ben’s media comes back first: main waits for his page, and nothing moves', async () => {
    const { broker, openPage, ring, wait } = desk();
    const player = openPage();
    const ben = await ring(BEN, { answered: true });
    const other = openPage();
    await settle();
    const offered = ben.reinvites.length;

    // Step 1: both connections drop; the page that holds none of Ben's media comes back first.
    player.drop();
    other.drop();
    await other.comeBack();

    // Step 2: main does not restore Ben's media on that page: it is about to be listed by the page that plays it.
    expect(ben.reinvites).toHaveLength(offered);
    expect(other.heard).toEqual([]);

    // Step 3: Ben's page comes back just within the grace, listing his call: it owns it again and its copy stays open.
    await wait(OWNER_RETURN_GRACE_MS - 1);
    await player.comeBack();
    expect(broker.ownerOf(ben.callId)).toBe(player.window());
    expect(player.open).toEqual(new Set([ben.callId]));

    // Step 4: the grace's end finds nothing to restore: Ben was never re-offered, and the other page never asked.
    await wait(1);
    expect(ben.reinvites).toHaveLength(offered);
    expect(other.heard).toEqual([]);
    expect(player.open).toEqual(new Set([ben.callId]));
  });

  it('the page playing Ben’s call is closed and no other page reconnects: when the grace ends, he is re-offered', async () => {
    const { wait, benOnTwoPages } = desk();
    const { playing: closing, ben } = await benOnTwoPages();
    const offered = ben.reinvites.length;

    // Step 1: Ana closes the page that plays Ben's call; until the grace ends it might be a blink, and main waits.
    closing.close();
    await wait(OWNER_RETURN_GRACE_MS - 1);
    expect(ben.reinvites).toHaveLength(offered);

    // Step 2: the grace ends: Ben's media is in no page, and main re-INVITEs him (its offer is asked of the page still open).
    await wait(1);
    expect(ben.reinvites).toHaveLength(offered + 1);
  });

  it('the page playing Ben’s call is closed and says so as it goes: he is re-offered from the other page at once, with no grace', async () => {
    const { broker, wait, benOnTwoPages } = desk();
    const { playing: closing, ben } = await benOnTwoPages();
    const offered = ben.reinvites.length;

    // Step 1: Ana closes the page that plays Ben's call; it lets go of his media as it goes, and its connection closes.
    closing.closeSayingSo();
    await settle();

    // Step 2: main did not wait: Ben is re-INVITEd now, and no page claims his media any longer.
    expect(ben.reinvites).toHaveLength(offered + 1);
    expect(broker.isClaimed(ben.callId)).toBe(false);

    // Step 3: when the grace would have ended, nothing is restored again.
    await wait(OWNER_RETURN_GRACE_MS);
    expect(ben.reinvites).toHaveLength(offered + 1);
  });

  it('Ana mutes Ben while the page playing him is away: the mute is kept, not refused, and his page mutes as it comes back', async () => {
    const { broker, manager, openPage, ring } = desk();
    const player = openPage();
    const ben = await ring(BEN, { answered: true });
    const other = openPage();
    await settle();

    // Step 1: the playing page's connection blinks; meanwhile Ana clicks Mute in the other page.
    player.drop();
    const muting = manager.setMuted(ben.callId, true).then(
      () => 'muted',
      () => 'refused',
    );
    await settle();

    // Step 2: the mute is not lost: Ben is shown muted, and the page still open was asked nothing nor made his owner.
    await expect(muting).resolves.toBe('muted');
    expect(manager.list().find((call) => call.id === ben.callId)?.muted).toBe(true);
    expect(other.heard).toEqual([]);

    // Step 3: Ben's page comes back listing his call: it owns it again, keeps its copy, and mutes its microphone.
    await player.comeBack();
    expect(broker.ownerOf(ben.callId)).toBe(player.window());
    expect(player.open).toEqual(new Set([ben.callId]));
    expect(player.log.at(-1)).toBe(`mute ${ben.callId}`);
  });

  it('a call another page took over while this one was away: the stale copy is closed, and the microphone with it', async () => {
    const { broker, openPage, ring } = desk();
    const away = openPage();
    const ben = await ring(BEN, { answered: true });
    const other = openPage();

    // Step 1: the first page's connection drops; meanwhile Ben re-offers (a session refresh): the other page takes his media.
    away.drop();
    await broker.request(ben.callId, { op: 'setDescription', sdp: OFFER, hold: false });
    await broker.request(ben.callId, { op: 'getDescription', hold: false, iceRestart: false });
    expect(other.open).toEqual(new Set([ben.callId]));

    // Step 2: the first page comes back listing Ben's call: the other page keeps it, the first page's copy is closed.
    await away.comeBack();
    expect(broker.ownerOf(ben.callId)).toBe(other.window());
    expect(away.open).toEqual(new Set());
    expect(other.open).toEqual(new Set([ben.callId]));
  });

  it('the standby the page still holds is not prepared again', async () => {
    const { standby, openPage } = desk();
    const page = openPage();
    await settle();

    // Step 1: the line registers: the connection for Ana's next outbound call is made ahead in her page.
    standby.warm();
    await settle();
    expect(page.heard).toEqual([`prepare ${standby.id}`]);

    // Step 2: the page's connection blinks and comes back listing it: main prepares nothing again.
    page.drop();
    await page.comeBack();
    expect(page.heard).toEqual([`prepare ${standby.id}`]);
  });

  it('a page that loads (no list: it holds no media) still has every live call re-offered, as after a reload', async () => {
    const { openPage, ring } = desk();
    const first = openPage();
    const ben = await ring(BEN, { answered: true });

    // A second page opens: its engine says it is ready, holding nothing, and main renegotiates Ben's call as it always has.
    openPage();
    await settle();
    expect(ben.reinvites).toHaveLength(1);
    expect(first.open).toEqual(new Set([ben.callId]));
  });
});

describe('Ana’s muted or held call goes on as she left it in the page that takes it over', () => {
  it('Ana muted Ben and closes the page playing him: the other page takes his media muted, before it makes the offer', async () => {
    const { broker, manager, openPage, ring, offerFor } = desk();
    const closing = openPage();
    const ben = await ring(BEN, { answered: true });
    const other = openPage();
    await settle();
    await manager.setMuted(ben.callId, true);
    expect(closing.log.at(-1)).toBe(`mute ${ben.callId}`);
    const before = other.log.length;

    // Step 1: Ana closes the page playing Ben's call; it lets go as it goes, and main re-INVITEs Ben from the other page.
    closing.closeSayingSo();
    await settle();
    await offerFor(ben);

    // Step 2: that page heard the mute first: its microphone opens for the offer already disabled, and Ana is still muted.
    expect(other.log.slice(before)).toEqual([`mute ${ben.callId}`, `offer ${ben.callId}`]);
    expect(broker.ownerOf(ben.callId)).toBe(other.window());
    expect(manager.list().find((call) => call.id === ben.callId)).toMatchObject({ muted: true, state: 'active' });
  });

  it('Ana held and muted Ben and closes the page playing him: the re-INVITE that restores him keeps him on hold, and muted', async () => {
    const { manager, offerFor, benOnTwoPages } = desk();
    const { playing: closing, ben, other: other } = await benOnTwoPages();
    await manager.setMuted(ben.callId, true);
    const holding = manager.hold(ben.callId);
    (await ben.nextReinvite()).answer(200);
    await holding;
    const before = { offered: ben.reinvites.length, heard: other.log.length };

    // Step 1: Ana closes the page playing Ben's call; main re-INVITEs him from the other page.
    closing.closeSayingSo();
    await settle();
    expect(ben.reinvites).toHaveLength(before.offered + 1);

    // Step 2: the re-INVITE asks for hold (sendonly): it does not take Ben off hold, and the page's offer is made on hold, muted.
    expect(ben.reinvites.at(-1)?.options.hold).toBe(true);
    await offerFor(ben);
    expect(other.log.slice(before.heard)).toEqual([`mute ${ben.callId}`, `offer on hold ${ben.callId}`]);
    ben.reinvites.at(-1)?.answer(200);
    await settle();
    expect(manager.list().find((call) => call.id === ben.callId)).toMatchObject({ state: 'held', muted: true });
  });

  it('Ana mutes Ben as the page playing him closes: the mute succeeds, and the page that takes his media starts muted', async () => {
    const { manager, openPage, ring, offerFor } = desk();
    const closing = openPage();
    const ben = await ring(BEN, { answered: true });
    const other = openPage();
    await settle();
    const before = other.log.length;

    // Step 1: Ana clicks Mute; the page playing Ben closes (saying so) before its engine answers.
    const muting = manager.setMuted(ben.callId, true);
    closing.closeSayingSo();
    await expect(muting).resolves.toBeUndefined();
    await settle();

    // Step 2: Ben is restored from the other page with the mute applied first.
    await offerFor(ben);
    expect(other.log.slice(before)).toEqual([`mute ${ben.callId}`, `offer ${ben.callId}`]);
    expect(manager.list().find((call) => call.id === ben.callId)?.muted).toBe(true);
  });
});

describe('a call that ends while no page is attached', () => {
  it('Ben hangs up while Ana’s only page is away: main forgets his media at once, and the page that comes back is not made his owner', async () => {
    const { broker, openPage, ring } = desk();
    const page = openPage();
    const ben = await ring(BEN, { answered: true });

    // Step 1: the page's connection drops; Ben hangs up: main's close reaches no page, and his media is nobody's.
    page.drop();
    ben.terminate();
    await settle();
    expect(broker.isClaimed(ben.callId)).toBe(false);

    // Step 2: the page comes back listing Ben's call: main no longer has it, so it owns nothing (its engine closes it on its read of main).
    await page.comeBack();
    expect(broker.ownerOf(ben.callId)).toBeUndefined();
  });
});

describe('the page playing Ben’s call closes while Ana’s hold or resume of it is out', () => {
  /** What our calls hand sip.js as the description handler's options (bridgeSessionDescriptionHandler.ts). */
  const ON_HOLD: BridgeDescriptionOptions = { hold: true };
  const OFF_HOLD: BridgeDescriptionOptions = { hold: false };
  const ANSWER = 'v=0\r\no=- 2 1 IN IP4 192.0.2.7\r\ns=-\r\nt=0 0\r\nm=audio 4000 RTP/SAVPF 111\r\na=recvonly\r\n';

  /** Ben's call, answered in the first page; a second page is open and the far end answered its opening re-INVITE. */
  async function benOnTwoPages() {
    const story = desk();
    const closing = story.openPage();
    const ben = await story.ring(BEN, { answered: true });
    const other = story.openPage();
    await story.farEndAnswers(ben);
    // sip.js asks the call's description handler for each offer and hands it each answer.
    return { ...story, closing, other, ben, media: story.descriptionHandlerOf(ben) };
  }

  it('Ana holds Ben and closes the page playing him before the far end answers: he is restored once, on hold, in the other page', async () => {
    const { broker, manager, closing, other, ben, media } = await benOnTwoPages();
    const sentBefore = ben.reinvites.length;

    // Step 1: Ana holds Ben: the hold's offer is made in the page that plays him, and its re-INVITE goes out.
    const holding = manager.hold(ben.callId);
    const hold = await ben.nextReinvite();
    await media.getDescription(ON_HOLD);
    expect(closing.log.at(-1)).toBe(`offer on hold ${ben.callId}`);

    // Step 2: Ana closes that page (it says so as it goes): the restore waits for the hold's answer, no second re-INVITE crosses it.
    closing.closeSayingSo();
    await settle();
    expect(ben.reinvites).toHaveLength(sentBefore + 1);

    // Step 3: the far end's 200 comes: its answer is applied in no page (the other page made no offer), and Ben is on hold.
    await media.setDescription(ANSWER, ON_HOLD);
    hold.answer(200);
    await holding;
    await settle();
    expect(other.heard).not.toContain(`setDescription ${ben.callId}`);
    expect(broker.ownerOf(ben.callId)).toBeUndefined();
    expect(manager.list().find((call) => call.id === ben.callId)?.state).toBe('held');

    // Step 4: then, once, main re-INVITEs Ben to restore his media, still on hold, with the offer made in the other page.
    expect(ben.reinvites.map((sent) => sent.options.hold).slice(sentBefore)).toEqual([true, true]);
    await media.getDescription(ON_HOLD);
    expect(other.log.at(-1)).toBe(`offer on hold ${ben.callId}`);
    expect(broker.ownerOf(ben.callId)).toBe(other.window());

    // Step 5: its answer is applied where the offer was made, and Ben stays held, played by the other page.
    await media.setDescription(ANSWER, ON_HOLD);
    ben.outstanding()?.answer(200);
    await settle();
    expect(other.log.at(-1)).toBe(`apply ${ben.callId}`);
    expect(other.open).toEqual(new Set([ben.callId]));
    expect(manager.list().find((call) => call.id === ben.callId)?.state).toBe('held');
    expect(ben.reinvites).toHaveLength(sentBefore + 2);
  });

  it('Ana resumes Ben and closes the page playing him before the far end answers: he is restored once, resumed, in the other page', async () => {
    const { broker, manager, closing, other, ben, media } = await benOnTwoPages();
    const holding = manager.hold(ben.callId);
    const hold = await ben.nextReinvite();
    await media.getDescription(ON_HOLD);
    await media.setDescription(ANSWER, ON_HOLD);
    hold.answer(200);
    await holding;
    const sentBefore = ben.reinvites.length;

    // Step 1: Ana resumes Ben: the resume's offer is made in the page that plays him, and its re-INVITE goes out.
    const resuming = manager.resume(ben.callId);
    const resume = await ben.nextReinvite();
    await media.getDescription(OFF_HOLD);
    expect(closing.log.at(-1)).toBe(`offer ${ben.callId}`);

    // Step 2: Ana closes that page (it says so as it goes), and the far end's 200 to the resume comes.
    closing.closeSayingSo();
    await settle();
    await media.setDescription(ANSWER, OFF_HOLD);
    resume.answer(200);
    await resuming;
    await settle();

    // Step 3: Ben is back from hold, and main re-INVITEs him once to restore his media, not on hold.
    expect(manager.list().find((call) => call.id === ben.callId)?.state).toBe('active');
    expect(ben.reinvites.map((sent) => sent.options.hold).slice(sentBefore)).toEqual([false, false]);

    // Step 4: the restore's offer is made in the other page, which plays Ben from now on: no call is left with no page.
    await media.getDescription(OFF_HOLD);
    await media.setDescription(ANSWER, OFF_HOLD);
    ben.outstanding()?.answer(200);
    await settle();
    expect(other.log.slice(-2)).toEqual([`offer ${ben.callId}`, `apply ${ben.callId}`]);
    expect(broker.ownerOf(ben.callId)).toBe(other.window());
    expect(other.open).toEqual(new Set([ben.callId]));
    expect(manager.list().find((call) => call.id === ben.callId)?.state).toBe('active');
  });

  it('the far end refuses the resume after the page closed: Ben stays on hold, and is restored once, on hold', async () => {
    const { manager, closing, other, ben, media } = await benOnTwoPages();
    const holding = manager.hold(ben.callId);
    const hold = await ben.nextReinvite();
    await media.getDescription(ON_HOLD);
    await media.setDescription(ANSWER, ON_HOLD);
    hold.answer(200);
    await holding;
    const sentBefore = ben.reinvites.length;

    // Step 1: Ana resumes Ben; the page playing him closes before the far end answers, which then refuses (488).
    const resuming = manager.resume(ben.callId).then(
      () => 'resumed',
      () => 'refused',
    );
    const resume = await ben.nextReinvite();
    await media.getDescription(OFF_HOLD);
    closing.closeSayingSo();
    await settle();
    resume.answer(488);
    await expect(resuming).resolves.toBe('refused');
    await settle();

    // Step 2: Ben is still on hold, and the one re-INVITE that restores his media keeps him there, made in the other page.
    expect(manager.list().find((call) => call.id === ben.callId)?.state).toBe('held');
    expect(ben.reinvites.map((sent) => sent.options.hold).slice(sentBefore)).toEqual([false, true]);
    await media.getDescription(ON_HOLD);
    expect(other.log.at(-1)).toBe(`offer on hold ${ben.callId}`);
  });

  it('Ana holds Ben while main is restoring his media in the other page: the hold waits for the restore’s answer and goes next, not refused', async () => {
    const { broker, manager, closing, other, ben, media } = await benOnTwoPages();
    const sentBefore = ben.reinvites.length;

    // Step 1: the page playing Ben closes (saying so): main re-INVITEs him at once, with an offer made in the other page.
    const restoring = ben.nextReinvite();
    closing.closeSayingSo();
    const restore = await restoring;
    await media.getDescription(OFF_HOLD);
    expect(other.log.at(-1)).toBe(`offer ${ben.callId}`);

    // Step 2: Ana holds Ben before the far end answered the restore: no second re-INVITE crosses it, and the hold is not refused.
    const holding = manager.hold(ben.callId).then(
      () => 'held',
      (error: unknown) => `refused: ${String(error)}`,
    );
    await settle();
    expect(ben.reinvites).toHaveLength(sentBefore + 1);

    // Step 3: the restore's 200 comes and is applied in the other page; then the hold's re-INVITE goes, its offer made there too.
    const holdSent = ben.nextReinvite();
    await media.setDescription(ANSWER, OFF_HOLD);
    restore.answer(200);
    const hold = await holdSent;
    expect(hold.options.hold).toBe(true);
    await media.getDescription(ON_HOLD);
    expect(other.log.slice(-2)).toEqual([`apply ${ben.callId}`, `offer on hold ${ben.callId}`]);

    // Step 4: the far end says 200 to the hold: Ben is on hold, played by the other page, after two re-INVITEs one after the other.
    await media.setDescription(ANSWER, ON_HOLD);
    hold.answer(200);
    await expect(holding).resolves.toBe('held');
    expect(manager.list().find((call) => call.id === ben.callId)?.state).toBe('held');
    expect(broker.ownerOf(ben.callId)).toBe(other.window());
    expect(ben.reinvites.map((sent) => sent.options.hold).slice(sentBefore)).toEqual([false, true]);
  });

  it('the page playing Ben blinks during Ana’s hold and lists his call again: the answer it missed is made up in that page', async () => {
    const { broker, manager, closing: player, ben, media } = await benOnTwoPages();
    const sentBefore = ben.reinvites.length;

    // Step 1: Ana holds Ben; the playing page's connection drops before the far end's 200, whose answer then reaches no page.
    const holding = manager.hold(ben.callId);
    const hold = await ben.nextReinvite();
    await media.getDescription(ON_HOLD);
    player.drop();
    await media.setDescription(ANSWER, ON_HOLD);
    hold.answer(200);
    await holding;
    await settle();
    expect(ben.reinvites).toHaveLength(sentBefore + 1);

    // Step 2: the page comes back listing Ben's call: it owns it again, and main re-INVITEs him there, on hold.
    await player.comeBack();
    expect(broker.ownerOf(ben.callId)).toBe(player.window());
    expect(ben.reinvites.map((sent) => sent.options.hold).slice(sentBefore)).toEqual([true, true]);
    await media.getDescription(ON_HOLD);
    expect(player.log.at(-1)).toBe(`offer on hold ${ben.callId}`);
  });
});

describe('the page that made the offer of Ana’s call to Carla leaves while Carla’s phone rings', () => {
  /** Ana's first page warmed the connection for her next call (as the line registered), and a second page is open. */
  const twoPagesDialling = async () => {
    const story = desk();
    const offering = story.openPage();
    await settle();
    story.standby.warm();
    const other = story.openPage();
    await settle();
    const carla = await story.lineTo();
    const { callId } = await story.manager.dial('+44 20 7123 4567');
    await carla.invited(1);
    carla.respond('180 Ringing');
    await settle();
    return { ...story, offering, other, carla, callId };
  };
  const stateOf = (manager: CallManager, callId: string) => manager.list().find((call) => call.id === callId)?.state;
  /** What a page was asked to make of the call's offers and answers (not the standby's `prepare`, under the same id before the dial). */
  const exchangesIn = (page: { heard: string[] }, callId: string) =>
    page.heard.filter((heard) => heard === `getDescription ${callId}` || heard === `setDescription ${callId}`);

  it('Ana closes that page and Carla answers: the answer is applied nowhere, and the other page is asked for the call’s media at once', async () => {
    const { manager, offering, other, carla, callId } = await twoPagesDialling();
    expect(exchangesIn(offering, callId)).toEqual([`getDescription ${callId}`]);
    expect(exchangesIn(other, callId)).toEqual([]);

    offering.closeSayingSo();
    await settle();
    carla.respond('200 OK');
    await settle();
    expect(carla.acks()).toBe(1);
    expect(stateOf(manager, callId)).toBe('active');
    // The call re-offered from the page left, with no page coming or going to set it off.
    expect(carla.invites).toHaveLength(2);
    expect(exchangesIn(other, callId)).toEqual([`getDescription ${callId}`]);

    carla.respond('200 OK');
    await settle();
    expect(exchangesIn(other, callId)).toEqual([`getDescription ${callId}`, `setDescription ${callId}`]);
    expect(other.open).toContain(callId);
    expect(manager.renegotiation.isOutOfStep(callId)).toBe(false);
  });

  it('Ana’s only page blinks and Carla answers while it is away: the re-offer finds no page, and the page listing the call as it comes back makes it', async () => {
    const story = desk();
    const page = story.openPage();
    await settle();
    story.standby.warm();
    const carla = await story.lineTo();
    const { callId } = await story.manager.dial('+44 20 7123 4567');
    await carla.invited(1);
    carla.respond('180 Ringing');
    await settle();

    page.drop();
    carla.respond('200 OK');
    await settle();
    expect(stateOf(story.manager, callId)).toBe('active');
    expect(carla.invites).toHaveLength(1);

    await page.comeBack();
    expect(carla.invites).toHaveLength(2);
    // The first offer's, then the re-offer's: the answer to the first never reached the page.
    expect(exchangesIn(page, callId)).toEqual([`getDescription ${callId}`, `getDescription ${callId}`]);
    carla.respond('200 OK');
    await settle();
    expect(exchangesIn(page, callId).at(-1)).toBe(`setDescription ${callId}`);
    expect(story.manager.renegotiation.isOutOfStep(callId)).toBe(false);
  });
});
