/**
 * The SIP test topology works before any app code relies on it: Ana's
 * softphone (sip.js in Node, signalling only) registers with Kamailio over
 * WebSocket, calls and is called by the customer's phone (baresip over UDP),
 * and Kamailio survives restarts and hostile input. A last story proves the
 * rtpengine configuration with real audio between two baresip phones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Inviter, RegistererState, SessionState, Subscriber, UserAgent } from 'sip.js';
import type { URI } from 'sip.js';
import { startBaresip } from '../peers/baresip.js';
import type { Baresip } from '../peers/baresip.js';
import { startKamailio } from '../peers/kamailio.js';
import type { Kamailio } from '../peers/kamailio.js';
import { assertLoopbackOnly } from '../peers/netns.js';
import { startRtpengine } from '../peers/rtpengine.js';
import type { Rtpengine } from '../peers/rtpengine.js';
import { FakeSessionDescriptionHandler, startNodeSipAgent } from '../peers/sipjs-node.js';
import type { NodeSipAgent } from '../peers/sipjs-node.js';
import { pollUntil } from '../peers/process.js';
import { runSipp, startSipp } from '../peers/sipp.js';
import { sessionReaches } from './support/sipSessions.js';
import { step } from './support/step.js';

const USERS = { ana: 'ana-secret-1', bob: 'bob-secret-2', carol: 'carol-secret-3', dave: 'dave-secret-4', sue: 'sue-secret-5' };

function contactUser(agent: NodeSipAgent): string {
  return agent.ua.contact.uri.user ?? '';
}

describe('SIP peers: Ana, Kamailio and the customer phone', () => {
  let kamailio: Kamailio;
  let bob: Baresip; // calls Ana
  let carol: Baresip; // answers automatically
  const agents: NodeSipAgent[] = [];
  let ana: NodeSipAgent;

  const agent = async (user: keyof typeof USERS, password: string = USERS[user]): Promise<NodeSipAgent> => {
    const created = await startNodeSipAgent({ wsUrl: kamailio.wsUrl, user, password, displayName: `${user} (agent)` });
    agents.push(created);
    return created;
  };

  beforeAll(async () => {
    assertLoopbackOnly();
    kamailio = await startKamailio({ users: USERS });
    console.info(`kamailio ready in ${kamailio.lastStartMs} ms (ws ${kamailio.wsUrl}, udp ${kamailio.udpPort})`);
    [bob, carol] = await Promise.all([
      startBaresip({
        user: 'bob',
        password: USERS.bob,
        displayName: 'Bob Customer',
        registrar: { host: kamailio.host, udpPort: kamailio.udpPort },
      }),
      startBaresip({
        user: 'carol',
        password: USERS.carol,
        displayName: 'Carol Customer',
        registrar: { host: kamailio.host, udpPort: kamailio.udpPort },
        answerMode: 'auto',
      }),
    ]);
  });

  afterAll(async () => {
    await Promise.allSettled(agents.map((a) => a.stop()));
    await Promise.allSettled([bob?.stop(), carol?.stop()]);
    await kamailio?.stop();
  });

  it("Ana's softphone registers over WebSocket through Kamailio", async () => {
    ana = await agent('ana');
    const outcome = await ana.register();

    expect(outcome.accepted).toBe(true);
    expect(outcome.statusCode).toBe(200);
    expect(ana.registerer.state).toBe(RegistererState.Registered);
    // The registrar echoes the binding it stored: Ana's own WebSocket contact.
    const contacts = outcome.response.message.getHeaders('contact').join(',');
    expect(contacts).toContain(`sip:${contactUser(ana)}@`);
    expect(contacts).toMatch(/expires=\d+/);
  });

  it("baresip calls Ana and she sees the INVITE with the caller's identity", async () => {
    const incoming = ana.nextInvitation();
    await bob.dial(`sip:ana@${kamailio.domain}`);
    const invitation = await incoming;

    expect(invitation.remoteIdentity.uri.user).toBe('bob');
    expect(invitation.remoteIdentity.uri.host).toBe(kamailio.domain);
    expect(invitation.remoteIdentity.displayName).toBe('Bob Customer');
    // It came through the proxy, which stays on the path of the dialog.
    expect(invitation.request.getHeader('record-route')).toContain(`127.0.0.1:${kamailio.wsPort}`);
    expect(invitation.request.getHeader('record-route')).toContain('transport=ws');

    await invitation.accept();
    await sessionReaches(invitation, SessionState.Established);
    const established = await bob.waitForEvent('CALL_ESTABLISHED');
    expect(established.peeruri).toMatch(/^sip:ana@127\.0\.0\.1(;|$)/);
    const sdh = invitation.sessionDescriptionHandler;
    expect(sdh).toBeInstanceOf(FakeSessionDescriptionHandler);
    expect((sdh as FakeSessionDescriptionHandler).remoteSdp).toMatch(/m=audio \d+ RTP\/AVP/);

    // The customer hangs up: the BYE finds Ana's WebSocket through the proxy.
    await bob.hangup();
    await sessionReaches(invitation, SessionState.Terminated);
    await bob.waitForEvent('CALL_CLOSED');
  });

  it('Ana calls baresip, which answers automatically, and both hang up cleanly', async () => {
    const inviter = new Inviter(ana.ua, sipUri('carol', kamailio.domain));
    await inviter.invite();
    await sessionReaches(inviter, SessionState.Established);
    // The phone's answer reached Ana through the proxy (its SDP is in her handler).
    expect((inviter.sessionDescriptionHandler as FakeSessionDescriptionHandler).remoteSdp).toMatch(/m=audio \d+ RTP\/AVP/);

    const established = await carol.waitForEvent('CALL_ESTABLISHED');
    expect(established.direction).toBe('incoming');
    expect(established.peeruri).toMatch(/^sip:ana@127\.0\.0\.1(;|$)/);

    // Ana hangs up: her BYE follows the recorded route to the phone.
    await inviter.bye();
    await sessionReaches(inviter, SessionState.Terminated);
    const closed = await carol.waitForEvent('CALL_CLOSED');
    expect(closed.id).toBe(established.id);
    expect(carol.events.filter((e) => e.type === 'CALL_ESTABLISHED' && e.seq > closed.seq)).toHaveLength(0);
  });

  it("a supervisor subscribed to Carol's dialog state sees Ana's call to her confirmed, then terminated", async () => {
    const sue = await agent('sue');
    const bodies: string[] = [];
    const wakers = new Set<() => void>();
    const subscriber = new Subscriber(sue.ua, sipUri('carol', kamailio.domain), 'dialog', { expires: 120 });
    subscriber.delegate = {
      onNotify: (notification) => {
        void notification.accept();
        bodies.push(notification.request.body);
        for (const wake of [...wakers]) wake();
      },
    };
    const notified = (pattern: RegExp, from: number, timeoutMs = 5000): Promise<string> =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const hit = bodies.slice(from).find((body) => pattern.test(body));
          if (hit === undefined) return;
          clearTimeout(timer);
          wakers.delete(check);
          resolve(hit);
        };
        const timer = setTimeout(() => {
          wakers.delete(check);
          reject(new Error(`no NOTIFY matching ${String(pattern)}; got:\n${bodies.join('\n---\n')}`));
        }, timeoutMs);
        wakers.add(check);
        check();
      });

    const mark = await step('Sue subscribes to Carol’s dialog state and gets the initial NOTIFY', async () => {
      await subscriber.subscribe();
      await notified(/dialog-info/, 0); // the initial NOTIFY of the subscription
      return bodies.length;
    });

    const inviter = new Inviter(ana.ua, sipUri('carol', kamailio.domain));
    await step('Ana calls Carol and Sue is told the dialog is confirmed', async () => {
      await inviter.invite();
      await sessionReaches(inviter, SessionState.Established);
      const confirmed = await notified(/<state[^>]*>confirmed<\/state>/, mark);
      expect(confirmed).toContain('entity="sip:carol@127.0.0.1"');
      expect(confirmed).toContain(inviter.request.callId);
    });

    await step('Ana hangs up and Sue is told the dialog is terminated', async () => {
      await inviter.bye();
      await carol.waitForEvent('CALL_CLOSED');
      await notified(/<state[^>]*>terminated<\/state>/, mark);
      await subscriber.unsubscribe();
    });
  });

  it("sipp's caller scenario reaches Ana over WebSocket, and its ACK and BYE follow the recorded route", async () => {
    const incoming = ana.nextInvitation();
    const caller = startSipp({
      scenario: 'uac.xml',
      target: { host: kamailio.host, port: kamailio.udpPort },
      service: 'ana',
      durationMs: 200,
      keys: { caller: 'customer-7', caller_name: 'Sipp Caller' },
    });
    const invitation = await incoming;
    expect(invitation.remoteIdentity.uri.user).toBe('customer-7');
    expect(invitation.remoteIdentity.displayName).toBe('Sipp Caller');
    await invitation.accept();
    await sessionReaches(invitation, SessionState.Established); // needs sipp's ACK
    await sessionReaches(invitation, SessionState.Terminated); // sipp's BYE
    const result = await (await caller).done;
    expect(result.exitCode, result.output).toBe(0);
    expect(result.successfulCalls).toBe(1);
  });

  it('Ana calls a sipp answering scenario addressed by its port, and sipp hangs up', async () => {
    const callee = await startSipp({
      scenario: 'uas.xml',
      target: { host: kamailio.host, port: kamailio.udpPort },
      service: 'phone',
      durationMs: 200,
      keys: { hangup: 'yes' },
    });
    const inviter = new Inviter(ana.ua, UserAgent.makeURI(callee.uri) ?? sipUri('invalid', 'invalid'));
    await inviter.invite();
    await sessionReaches(inviter, SessionState.Established);
    await sessionReaches(inviter, SessionState.Terminated); // sipp's BYE reached Ana's WebSocket
    const result = await callee.done;
    expect(result.exitCode, result.output).toBe(0);
    expect(result.successfulCalls).toBe(1);
  });

  it('wrong password is rejected with 401/403 and no registration', async () => {
    const intruder = await agent('dave', 'not-daves-password');
    const outcome = await intruder.register();

    expect(outcome.accepted).toBe(false);
    expect([401, 403]).toContain(outcome.statusCode);
    expect(intruder.registerer.state).not.toBe(RegistererState.Registered);

    // Nothing was bound for dave: a call to him finds nobody.
    await bob.dial(`sip:dave@${kamailio.domain}`);
    const closed = await bob.waitForEvent('CALL_CLOSED');
    expect(closed.param).toMatch(/404/);
  });

  it('Kamailio killed and restarted: a fresh REGISTER succeeds', async () => {
    const oldPid = kamailio.process.pid;
    const before = Date.now();
    await kamailio.restart();
    const restartedMs = Date.now() - before;

    expect(kamailio.process.pid).not.toBe(oldPid);
    expect(kamailio.process.running).toBe(true);

    const fresh = await agent('ana');
    const outcome = await fresh.register();
    const totalMs = Date.now() - before;
    console.info(`kamailio restart: ready after ${restartedMs} ms (start ${kamailio.lastStartMs} ms), registered after ${totalMs} ms`);

    expect(outcome.statusCode).toBe(200);
    expect(fresh.registerer.state).toBe(RegistererState.Registered);
  });

  it("sipp's malformed requests do not crash Kamailio and a later REGISTER still succeeds", async () => {
    const pid = kamailio.process.pid;
    const result = await runSipp({
      scenario: 'malformed.xml',
      target: { host: kamailio.host, port: kamailio.udpPort },
      service: 'nobody-registered',
      timeoutMs: 20_000,
    });

    expect(result.exitCode, result.output).toBe(0);
    expect(result.successfulCalls).toBe(1);
    expect(result.failedCalls).toBe(0);
    expect(kamailio.process.running).toBe(true);
    expect(kamailio.process.pid).toBe(pid);
    expect(kamailio.output()).not.toMatch(/CRITICAL|segfault|core dumped/i);
    await expect(kamailio.ping()).resolves.toMatch(/^SIP\/2\.0 200/);

    const later = await agent('ana');
    const outcome = await later.register();
    expect(outcome.statusCode).toBe(200);
  });
});

describe('rtpengine anchors the audio of a call between two phones', () => {
  let rtpengine: Rtpengine;
  let kamailio: Kamailio;
  let alice: Baresip;
  let bob: Baresip;
  let ana: NodeSipAgent | undefined;

  beforeAll(async () => {
    assertLoopbackOnly();
    rtpengine = await startRtpengine();
    kamailio = await startKamailio({
      users: { alice: 'alice-pw-1', bob: 'bob-pw-2', ana: 'ana-pw-3' },
      withRtpengine: { ngPort: rtpengine.ngPort },
    });
    console.info(`rtpengine ready in ${rtpengine.startMs} ms (ports ${rtpengine.ports.min}-${rtpengine.ports.max})`);
    const registrar = { host: kamailio.host, udpPort: kamailio.udpPort };
    [alice, bob] = await Promise.all([
      startBaresip({ user: 'alice', password: 'alice-pw-1', registrar }),
      startBaresip({ user: 'bob', password: 'bob-pw-2', registrar, answerMode: 'auto' }),
    ]);
  });

  afterAll(async () => {
    await Promise.allSettled([alice?.stop(), bob?.stop(), ana?.stop()]);
    await kamailio?.stop();
    await rtpengine?.stop();
  });

  it('a baresip→baresip call is established and its RTP flows through rtpengine', async () => {
    const calleeUp = await step('Alice calls Bob and both phones establish the call', async () => {
      await alice.dial(`sip:bob@${kamailio.domain}`);
      const [callerUp, callee] = await Promise.all([alice.waitForEvent('CALL_ESTABLISHED'), bob.waitForEvent('CALL_ESTABLISHED')]);
      expect(callerUp.direction).toBe('outgoing');
      expect(callee.direction).toBe('incoming');
      return callee;
    });

    await step('the first RTP packet reaches Bob from one of rtpengine’s ports', async () => {
      await bob.waitForEvent('CALL_RTPESTAB');
      // The event comes over the control socket and the line on stdout, two pipes: the line can land a moment later (CI read NaN once).
      const from = await bob.process.waitForOutput(/incoming rtp for 'audio' established, receiving from 127\.0\.0\.1:(\d+)/, 5_000);
      const sourcePort = Number(from[1]);
      expect(sourcePort).toBeGreaterThanOrEqual(rtpengine.ports.min);
      expect(sourcePort).toBeLessThanOrEqual(rtpengine.ports.max + 1);
    });

    const relayed = await step('rtpengine itself counts at least 100 relayed packets for this Call-ID', async () => {
      const callId = calleeUp.id ?? '';
      expect(callId).not.toBe('');
      return pollUntil(
        async () => {
          const packets = (await rtpengine.relayedRtpPackets(callId)) ?? 0;
          return packets >= 100 ? packets : undefined;
        },
        { timeoutMs: 10_000, intervalMs: 50, what: 'rtpengine relaying 100 RTP packets' },
      );
    });

    await step('Alice hangs up and both phones received audio without errors', async () => {
      await alice.hangup();
      await Promise.all([alice.waitForEvent('CALL_CLOSED'), bob.waitForEvent('CALL_CLOSED')]);
      const [callerStats, calleeStats] = await Promise.all([alice.rtpStats(), bob.rtpStats()]);
      console.info(
        `RTP packets: alice tx ${callerStats.transmit.packets} rx ${callerStats.receive.packets}; bob tx ${calleeStats.transmit.packets} rx ${calleeStats.receive.packets}; rtpengine relayed ≥ ${relayed}`,
      );
      expect(calleeStats.receive.packets).toBeGreaterThan(0);
      expect(callerStats.receive.packets).toBeGreaterThan(0);
      expect(calleeStats.receive.errors).toBe(0);
    });
  });

  it("toward Ana's WebSocket softphone, the phone's plain offer becomes a WebRTC offer, and a refusal frees the media session", async () => {
    const softphone = await step('Ana’s WebSocket softphone registers', async () => {
      ana = await startNodeSipAgent({ wsUrl: kamailio.wsUrl, user: 'ana', password: 'ana-pw-3' });
      expect((await ana.register()).statusCode).toBe(200);
      return ana;
    });

    const invitation = await step('Alice’s phone calls Ana and the offer Ana receives is WebRTC: SAVPF, DTLS, ICE, rtcp-mux, no SDES', async () => {
      const incoming = softphone.nextInvitation();
      await alice.dial(`sip:ana@${kamailio.domain}`);
      const received = await incoming;
      const offer = received.request.body;
      expect(offer).toMatch(/m=audio \d+ (UDP\/TLS\/)?RTP\/SAVPF /);
      expect(offer).toMatch(/a=fingerprint:sha-\d+ /);
      expect(offer).toMatch(/a=setup:(actpass|passive)/); // never "active": the browser must be able to answer
      expect(offer).toMatch(/a=ice-ufrag:/);
      expect(offer).toMatch(/a=candidate:.* 127\.0\.0\.1 \d+ typ host/);
      expect(offer).toMatch(/a=rtcp-mux/);
      expect(offer).toMatch(/a=mid:/);
      expect(offer).not.toMatch(/a=crypto:/); // SDES-off: keys only over DTLS
      expect(await rtpengine.relayedRtpPackets(received.request.callId)).toBeTypeOf('number');
      return received;
    });

    await step('Ana refuses with 486: the phone hears it and rtpengine forgets the call', async () => {
      const callId = invitation.request.callId;
      await invitation.reject({ statusCode: 486 });
      const closed = await alice.waitForEvent('CALL_CLOSED');
      expect(closed.param).toMatch(/486/);
      await pollUntil(async () => ((await rtpengine.relayedRtpPackets(callId)) === undefined ? true : undefined), {
        timeoutMs: 5000,
        what: 'rtpengine forgetting the refused call',
      });
    });
  });
});

function sipUri(user: string, domain: string): URI {
  const uri = UserAgent.makeURI(`sip:${user}@${domain}`);
  if (uri === undefined) throw new Error(`bad URI sip:${user}@${domain}`);
  return uri;
}
