/**
 * Call states for the supervisor come from the SIP server, not from the
 * desks (issue 16, item 2). Three agents (sip.js in Node, signalling only)
 * register with the test Kamailio; the customer's phone is baresip. Sue's
 * desk watches the team through Kamailio's presence service: one `dialog`
 * subscription per agent (RFC 4235), read by the app's own watcher. Every
 * call state change reaches her; Kamailio is restarted and her watcher comes
 * back by itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Inviter, SessionState } from 'sip.js';
import { createConsoleLogger } from '../../../main/core/log/logger';
import { DialogWatcher, type MemberDialogs } from '../../../main/core/supervisor/dialogWatcher';
import { SipDialogWatchPort } from '../../../main/core/supervisor/sipDialogWatchPort';
import { systemClock } from '../../../main/core/time/clock';
import { startBaresip, type Baresip } from '../../peers/baresip.js';
import { startKamailio, type Kamailio } from '../../peers/kamailio.js';
import { assertLoopbackOnly } from '../../peers/netns.js';
import { startNodeSipAgent, type NodeSipAgent } from '../../peers/sipjs-node.js';
import { recordingDialogPort, type NotifyRecord } from '../support/recordingDialogPort.js';
import { sessionReaches, sipUri } from '../support/sipSessions.js';
import { step } from '../support/step.js';
import { watcherShows as shows } from '../support/watcherShows.js';

const USERS = { ana: 'ana-secret-1', ben: 'ben-secret-2', cruz: 'cruz-secret-3', sue: 'sue-secret-4', bob: 'bob-secret-5' };
const uri = (user: string): string => `sip:${user}@127.0.0.1`;
const ANA = uri('ana');
const BEN = uri('ben');
const CRUZ = uri('cruz');

describe("Sue's desk watches the team's calls through Kamailio", () => {
  let kamailio: Kamailio;
  let bob: Baresip;
  let sue: NodeSipAgent;
  let watcher: DialogWatcher;
  const agents = new Map<string, NodeSipAgent>();
  /** Every NOTIFY body Sue's watcher heard, in arrival order: a failure shows what the server said. */
  const heard: NotifyRecord[] = [];

  /** What the watcher says now about a member: the states of their open dialogs and the far parties. */
  const seen = (member: string): string[] =>
    (watcher.snapshot().find((candidate) => candidate.uri === member)?.dialogs ?? []).map(
      (dialog) => `${dialog.state}:${dialog.direction ?? '?'}:${dialog.remote?.uri.replace(/;.*$/, '') ?? '?'}`,
    );

  const watcherShows = (what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> =>
    shows(watcher, what, check, {
      timeoutMs,
      explain: () =>
        `it shows ${JSON.stringify(watcher.snapshot())}; the last NOTIFYs:\n${heard
          .slice(-12)
          .map((record) => `${record.target}: ${record.body}`)
          .join('\n')}`,
    });

  const allActive = (): boolean => watcher.snapshot().every((member: MemberDialogs) => member.watch === 'active');

  const registerAgent = async (user: 'ana' | 'ben' | 'cruz'): Promise<NodeSipAgent> => {
    const agent = await startNodeSipAgent({ wsUrl: kamailio.wsUrl, user, password: USERS[user] });
    agents.set(user, agent);
    const outcome = await agent.register();
    expect(outcome.accepted, `${user} registers`).toBe(true);
    return agent;
  };

  beforeAll(async () => {
    assertLoopbackOnly();
    kamailio = await startKamailio({ users: USERS });
    bob = await startBaresip({ user: 'bob', password: USERS.bob, displayName: 'Bob Customer', registrar: { host: kamailio.host, udpPort: kamailio.udpPort } });
    for (const user of ['ana', 'ben', 'cruz'] as const) await registerAgent(user);
    sue = await startNodeSipAgent({ wsUrl: kamailio.wsUrl, user: 'sue', password: USERS.sue });
    const port = new SipDialogWatchPort(sue.ua);
    // As the app wires it: the user agent's delegate tells the port when the link drops.
    sue.ua.delegate = { ...sue.ua.delegate, onDisconnect: (error) => port.transportDisconnected(error) };
    watcher = new DialogWatcher(recordingDialogPort(port, heard), {
      clock: systemClock,
      log: createConsoleLogger('supervisor-test'),
      expiresSec: 120,
      linkBackoff: { baseMs: 300, capMs: 1500 },
      retryBackoff: { baseMs: 300, capMs: 1500 },
    });
  });

  afterAll(async () => {
    await watcher?.stop();
    await Promise.allSettled([...agents.values()].map((agent) => agent.stop()));
    await Promise.allSettled([sue?.stop(), bob?.stop()]);
    await kamailio?.stop();
  });

  it('sees each call state change, and recovers by itself after Kamailio restarts', async () => {
    await step('Sue opens the view: one subscription per agent, each answered with an empty dialog list', async () => {
      watcher.setMembers([ANA, BEN, CRUZ]);
      watcher.start();
      await watcherShows('every member subscribed', allActive);
      expect([seen(ANA), seen(BEN), seen(CRUZ)]).toEqual([[], [], []]);
    });

    const invitation = await step("the customer calls Ana: Sue sees Ana's phone ring with the customer's address", async () => {
      const incoming = agents.get('ana')?.nextInvitation();
      await bob.dial(ANA);
      const call = await incoming;
      if (call === undefined) throw new Error('no invitation');
      await call.progress();
      await watcherShows('Ana ringing', () => seen(ANA).some((state) => /^(early|proceeding|trying):recipient:sip:bob@127\.0\.0\.1$/.test(state)));
      return call;
    });

    await step('Ana answers: Sue sees the call confirmed', async () => {
      await invitation.accept();
      await sessionReaches(invitation, SessionState.Established);
      await watcherShows('Ana on the call', () => seen(ANA).join() === 'confirmed:recipient:sip:bob@127.0.0.1');
    });

    const inviter = await step('Ben calls Cruz while Ana talks: Sue sees both sides, Ben placing the call and Cruz receiving it', async () => {
      const ben = agents.get('ben');
      if (ben === undefined) throw new Error('no Ben');
      const incoming = agents.get('cruz')?.nextInvitation();
      const target = new Inviter(ben.ua, sipUri(CRUZ));
      await target.invite();
      const cruzCall = await incoming;
      if (cruzCall === undefined) throw new Error('no invitation for Cruz');
      await cruzCall.accept();
      await sessionReaches(target, SessionState.Established);
      await watcherShows(
        'Ben and Cruz on a call',
        () => seen(BEN).join() === `confirmed:initiator:${CRUZ}` && seen(CRUZ).join() === `confirmed:recipient:${BEN}`,
      );
      return target;
    });

    await step('the customer hangs up and Ben hangs up: Sue sees everyone free', async () => {
      await bob.hangup();
      await inviter.bye();
      await watcherShows('no open dialogs', () => [ANA, BEN, CRUZ].every((member) => seen(member).length === 0));
    });

    await step('Kamailio is killed and restarted: without any click the watcher reconnects and every agent is watched again', async () => {
      const dropped = watcherShows('the link dropped', () => watcher.link !== 'connected');
      await kamailio.restart();
      await dropped;
      await watcherShows('the link back and every member subscribed again', () => watcher.link === 'connected' && allActive(), 20_000);
    });

    await step('after the restart the agents register again and a new call between Ana and Ben is seen', async () => {
      for (const agent of agents.values()) await agent.stop();
      for (const user of ['ana', 'ben'] as const) await registerAgent(user);
      const ana = agents.get('ana');
      const ben = agents.get('ben');
      if (ana === undefined || ben === undefined) throw new Error('agents missing');
      const incoming = ben.nextInvitation();
      const call = new Inviter(ana.ua, sipUri(BEN));
      await call.invite();
      await (await incoming).accept();
      await sessionReaches(call, SessionState.Established);
      await watcherShows(
        'Ana calling Ben after the restart',
        () => seen(ANA).join() === `confirmed:initiator:${BEN}` && seen(BEN).join() === `confirmed:recipient:${ANA}`,
      );
      await call.bye();
      await watcherShows('the call over', () => seen(ANA).length === 0 && seen(BEN).length === 0);
    });
  });
});
