/**
 * A REFER from the far end, against real peers (issue 9, item 5): Ana's desk
 * (1001) is on a call and the other party asks her phone to call someone
 * else. The other party is a second core (its blind transfer sends the REFER
 * through Kamailio and waits for the final sipfrag NOTIFY), or sip.js in Node
 * where the Refer-To must be written as a phone would (a name-addr carrying URI
 * parameters); every SIP message is read from a trace of the WebSockets in
 * this process (support/sipTrace.ts).
 *
 * Run inside a loopback-only namespace:
 *   unshare -n bash -c 'ip link set lo up && npx vitest run --project integration tests/integration/softphone-refer.test.ts'
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Inviter, SessionState, URI, UserAgent } from 'sip.js';
import { sipfragStatus } from '../../main/core/softphone/calls/transferor';
import type { CallInfo, TransferRequest } from '@tandem/contract';
import { startKamailio, type Kamailio } from '../peers/kamailio';
import { assertLoopbackOnly } from '../peers/netns';
import { startNodeSipAgent, type NodeSipAgent } from '../peers/sipjs-node';
import { isRequest, sipHeader, SipTrace } from './support/sipTrace';
import { ok, openRegisteredDesk, type Desk, type DeskOptions } from './support/softphoneDesk';

const CUSTOMER = '2125550123';
const USERS = { '1001': 'pw1001', '1002': 'pw1002', '1003': 'pw1003', [CUSTOMER]: 'pwcust' };
const NAMES: Record<string, string> = { '1001': 'Ana', '1002': 'Ben K.', '1003': 'Carla', [CUSTOMER]: 'Dana Customer' };

const trace = new SipTrace();
trace.install();

let kamailio: Kamailio;
const desks: Desk[] = [];
const agents: NodeSipAgent[] = [];

async function desk(user: keyof typeof USERS, options: DeskOptions = {}): Promise<Desk> {
  const opened = await openRegisteredDesk(kamailio, user, USERS[user], { displayName: NAMES[user] ?? user, ...options });
  desks.push(opened);
  return opened;
}

/** `caller` calls Ana and she answers: the call is up at both ends. Returns both sides' call ids. */
async function callsAna(caller: Desk, ana: Desk): Promise<{ anaCall: CallInfo; callerCallId: string }> {
  const mark = ana.events.mark;
  const { callId: callerCallId } = await ok<{ callId: string }>(caller.core.dispatch('softphone:dial', { target: `sip:1001@${kamailio.domain}` }));
  const ringing = await ana.events.call((info) => info.state === 'ringing', { from: mark });
  await ok(ana.core.dispatch('softphone:answer', { callId: ringing.id }));
  const anaCall = await ana.events.call((info) => info.id === ringing.id && info.state === 'active', { from: mark });
  await caller.events.call((info) => info.id === callerCallId && info.state === 'active');
  return { anaCall, callerCallId };
}

/** The response Ana's core sent to the REFER it received. */
async function anasAnswerToRefer(): Promise<string> {
  const refer = await trace.waitFor('1001', (message) => message.direction === 'in' && isRequest(message, 'REFER'));
  const callId = sipHeader(refer.text, 'Call-ID', 'i');
  const response = await trace.waitFor(
    '1001',
    (message) =>
      message.direction === 'out' &&
      message.text.startsWith('SIP/2.0 ') &&
      sipHeader(message.text, 'CSeq')?.endsWith(' REFER') === true &&
      sipHeader(message.text, 'Call-ID', 'i') === callId,
  );
  return response.text.split('\r\n', 1)[0] ?? '';
}

/** A URI written as a name-addr, so its parameters are the URI's (RFC 3261 §20.10), as a phone would send it. */
class BracketedUri extends URI {
  override toString(): string {
    return `<${super.toString()}>`;
  }
}

async function nodeBen(): Promise<NodeSipAgent> {
  const agent = await startNodeSipAgent({ wsUrl: kamailio.wsUrl, user: '1002', password: USERS['1002'], displayName: 'Ben K.' });
  agents.push(agent);
  expect((await agent.register()).statusCode).toBe(200);
  return agent;
}

/** Ben (sip.js in Node) calls Ana and she answers; resolves once his session is established. */
async function benCallsAna(ben: NodeSipAgent, ana: Desk): Promise<{ anaCall: CallInfo; session: Inviter }> {
  const mark = ana.events.mark;
  const aor = UserAgent.makeURI(`sip:1001@${kamailio.domain}`);
  if (aor === undefined) throw new Error('bad AOR');
  const session = new Inviter(ben.ua, aor);
  const established = new Promise<void>((resolve) => session.stateChange.addListener((state) => state === SessionState.Established && resolve()));
  await session.invite();
  const ringing = await ana.events.call((info) => info.state === 'ringing', { from: mark });
  await ok(ana.core.dispatch('softphone:answer', { callId: ringing.id }));
  const anaCall = await ana.events.call((info) => info.id === ringing.id && info.state === 'active', { from: mark });
  await established;
  return { anaCall, session };
}

/** Sends REFER on Ben's session: the status of its answer, and of the final sipfrag NOTIFY (RFC 3515 §2.4.5). */
function sendRefer(session: Inviter, target: URI): { response: Promise<number>; finalStatus: Promise<number> } {
  let answered: (status: number) => void = () => undefined;
  let finished: (status: number) => void = () => undefined;
  const response = new Promise<number>((resolve) => (answered = resolve));
  const finalStatus = new Promise<number>((resolve) => (finished = resolve));
  void session.refer(target, {
    requestDelegate: {
      onAccept: (reply) => answered(reply.message.statusCode ?? 0),
      onReject: (reply) => answered(reply.message.statusCode ?? 0),
    },
    onNotify: (notification) => {
      void notification.accept();
      const status = sipfragStatus(notification.request.body);
      if (status !== undefined && status >= 200) finished(status);
    },
  });
  return { response, finalStatus };
}

const anasInvites = () => trace.of('1001', 'out').filter((message) => isRequest(message, 'INVITE'));

beforeAll(async () => {
  assertLoopbackOnly();
  kamailio = await startKamailio({ users: USERS });
});

afterEach(async (context) => {
  trace.afterStory(context.task.result?.state === 'fail');
  for (const opened of desks.splice(0)) await opened.dispose();
  for (const agent of agents.splice(0)) await agent.stop();
});

afterAll(async () => {
  await kamailio?.stop();
});

describe('a REFER from the far end', () => {
  it('a customer calling from a phone number asks to transfer Ana to a colleague: 603, nothing is dialled, the call goes on', async () => {
    const ana = await desk('1001');
    const customer = await desk(CUSTOMER);
    const { anaCall, callerCallId } = await callsAna(customer, ana);

    // Step 1: the customer's phone sends REFER to 1002; Ana's phone declines it.
    const transfer = await customer.core.dispatch('softphone:blindTransfer', { callId: callerCallId, target: `sip:1002@${kamailio.domain}` });
    expect(transfer).toMatchObject({ ok: false, error: { messageKey: 'softphone.errors.transferFailed', detail: 'REFER answered 603' } });
    expect(await anasAnswerToRefer()).toMatch(/^SIP\/2\.0 603 /);

    // Step 2: Ana was not asked, her phone called no one, and she is still talking to the customer.
    expect(ana.events.all('softphone:transferRequest')).toEqual([]);
    expect(anasInvites()).toEqual([]);
    expect((await ok<{ calls: CallInfo[] }>(ana.core.dispatch('softphone:getState', {}))).calls.map((info) => [info.id, info.state])).toEqual([
      [anaCall.id, 'active'],
    ]);
  });

  describe('Ben asks to transfer Ana to a premium-rate number, with a port, maddr, transport, lr and a header (her profile lets her be asked about numbers)', () => {
    // Ben's phone is sip.js in Node here: it writes the Refer-To in angle brackets, so those are URI parameters.
    const target = (): URI =>
      new BracketedUri('sip', '+19005550100', kamailio.domain, 5080, { maddr: kamailio.domain, transport: 'udp', lr: null }, { Subject: ['hello'] });

    it('she is asked, naming the target without its parameters; she declines: nothing is dialled and Ben hears 603', async () => {
      const ana = await desk('1001', { transfer: { allowPhoneNumbers: true } });
      const ben = await nodeBen();
      const { anaCall, session } = await benCallsAna(ben, ana);

      // Step 1: Ben's REFER is accepted for processing (202); Ana's desk asks her.
      const refer = sendRefer(session, target());
      expect(sipHeader((await trace.waitFor('1001', (message) => message.direction === 'in' && isRequest(message, 'REFER'))).text, 'Refer-To', 'r')).toBe(
        '<sip:+19005550100@127.0.0.1:5080;maddr=127.0.0.1;transport=udp;lr?Subject=hello>',
      );
      const asked = await ana.events.waitFor('softphone:transferRequest', (request) => request.status === 'asking');
      expect(asked).toMatchObject({ callId: anaCall.id, target: 'sip:+19005550100@127.0.0.1' });
      expect(await refer.response).toBe(202);
      // A window that opens now (a reload) reads the open question from main's snapshot.
      expect((await ok<{ transferRequests: TransferRequest[] }>(ana.core.dispatch('softphone:getState', {}))).transferRequests).toEqual([asked]);

      // Step 2: she declines; Ben's final sipfrag says 603, and Ana's phone dialled no one.
      await ok(ana.core.dispatch('softphone:answerTransferRequest', { callId: anaCall.id, requestId: asked.id, accept: false }));
      expect(await refer.finalStatus).toBe(603);
      expect(ana.events.all('softphone:transferRequest').map((request) => request.status)).toEqual(['asking', 'declined']);
      expect(anasInvites()).toEqual([]);
      const after = await ok<{ calls: CallInfo[]; transferRequests: TransferRequest[] }>(ana.core.dispatch('softphone:getState', {}));
      expect(after.calls.map((info) => info.state)).toEqual(['active']);
      expect(after.transferRequests).toEqual([]);
    });

    it('she accepts: her phone dials the target rebuilt from scheme, user and host only', async () => {
      const ana = await desk('1001', { transfer: { allowPhoneNumbers: true } });
      const ben = await nodeBen();
      const { anaCall, session } = await benCallsAna(ben, ana);

      const refer = sendRefer(session, target());
      const asked = await ana.events.waitFor('softphone:transferRequest', (request) => request.status === 'asking');
      await ok(ana.core.dispatch('softphone:answerTransferRequest', { callId: anaCall.id, requestId: asked.id, accept: true }));

      // No one is registered as +19005550100: the proxy answers 404, which reaches Ben as the final sipfrag.
      const invite = await trace.waitFor('1001', (message) => message.direction === 'out' && isRequest(message, 'INVITE'));
      expect(invite.text.split('\r\n', 1)[0]).toBe('INVITE sip:+19005550100@127.0.0.1 SIP/2.0');
      expect(sipHeader(invite.text, 'To', 't')).toBe('<sip:+19005550100@127.0.0.1>');
      expect(sipHeader(invite.text, 'Subject', 's')).toBeUndefined();
      expect(await refer.finalStatus).toBe(404);
    });
  });

  it('Ben asks to transfer Ana to Carla, a teammate on her roster: followed without asking, the call ends as transferred', async () => {
    const ana = await desk('1001', { roster: [{ name: 'Carla', uri: `sip:1003@${kamailio.domain}` }] });
    const ben = await desk('1002');
    const carla = await desk('1003');
    const { anaCall, callerCallId } = await callsAna(ben, ana);

    // Step 1: Ben's REFER; Ana's phone calls Carla at once, and Carla answers.
    const transfer = ben.core.dispatch('softphone:blindTransfer', { callId: callerCallId, target: `sip:1003@${kamailio.domain}` });
    const carlaRinging = await carla.events.call((info) => info.state === 'ringing');
    expect(carlaRinging.remote.uri).toContain('sip:1001@');
    await ok(carla.core.dispatch('softphone:answer', { callId: carlaRinging.id }));

    // Step 2: Ben's transfer completes on the 200 sipfrag; Ana talks to Carla, her call with Ben ended as transferred.
    await ok(transfer);
    const anaWithCarla = await ana.events.call((info) => info.remote.uri === `sip:1003@${kamailio.domain}` && info.state === 'active');
    expect(anaWithCarla.direction).toBe('outbound');
    expect((await ana.events.call((info) => info.id === anaCall.id && info.state === 'ended')).outcome).toBe('transferred');
    expect(ana.events.all('softphone:transferRequest')).toEqual([]);
  });
});
