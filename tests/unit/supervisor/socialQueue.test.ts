import { describe, expect, it } from 'vitest';
import { DEFAULT_RESPONSE_TARGETS, type BoardAgent, type QueueConversation } from '@tandem/contract';
import { queueConversation } from '../../../main/core/supervisor/queueRead';
import { complaintAlerts, phoneDigits, sameNumber } from '../../../renderer/src/supervisor/complaintAlerts';
import { firstResponse, judge, oldestWaiting, queueOrder } from '../../../renderer/src/supervisor/queueJudgement';

const NOW = Date.parse('2026-12-04T12:00:00Z');
const MINUTE = 60_000;

const conversation = (overrides: Partial<QueueConversation> = {}): QueueConversation => ({
  id: 'at://lucia/1',
  accountId: 'bluesky:brand.test',
  status: 'open',
  visibility: 'public',
  handler: null,
  authorHandle: 'lucia.test',
  authorName: 'Lucía',
  authorFollowers: 1234,
  text: 'thanks, all good now',
  langs: ['en'],
  firstAt: NOW - 10 * MINUTE,
  firstResponseAt: null,
  waitingSince: NOW - 10 * MINUTE,
  phones: [],
  customerName: null,
  ...overrides,
});

const ANGRY = 'this is the worst service ever, my phone is broken and I am furious';

const agentOnCall = (party: string, state: BoardAgent['state'] = 'on-call'): BoardAgent => ({
  id: 'ana',
  name: 'Ana Ruiz',
  state,
  since: NOW - MINUTE,
  callsUnknown: false,
  call: { party, direction: 'inbound', since: NOW - MINUTE },
});

describe("the supervisor's social queue", () => {
  it('negative posts come first, then the longest waiting', () => {
    const calm = judge(conversation({ id: 'calm', waitingSince: NOW - 50 * MINUTE }));
    const angry = judge(conversation({ id: 'angry', text: ANGRY, waitingSince: NOW - 5 * MINUTE }));
    const answered = judge(conversation({ id: 'answered', waitingSince: null }));
    const older = judge(conversation({ id: 'older', waitingSince: NOW - 90 * MINUTE }));
    expect(angry.tone).toBe('negative');
    expect(queueOrder([answered, calm, angry, older]).map((row) => row.conversation.id)).toEqual(['angry', 'older', 'calm', 'answered']);
  });

  it('first response is judged against the channel’s target: a public post waiting 31 minutes is over its 30', () => {
    const waiting = firstResponse(conversation({ firstAt: NOW - 31 * MINUTE }), DEFAULT_RESPONSE_TARGETS, NOW);
    expect(waiting).toEqual({ kind: 'waiting', ms: 31 * MINUTE, targetMs: 30 * MINUTE, tone: 'over' });
    const privateWaiting = firstResponse(conversation({ visibility: 'private', firstAt: NOW - 46 * MINUTE }), DEFAULT_RESPONSE_TARGETS, NOW);
    expect(privateWaiting).toMatchObject({ kind: 'waiting', targetMs: 60 * MINUTE, tone: 'near' });
    const answered = firstResponse(conversation({ firstAt: NOW - 90 * MINUTE, firstResponseAt: NOW - 80 * MINUTE }), DEFAULT_RESPONSE_TARGETS, NOW);
    expect(answered).toEqual({ kind: 'answered', ms: 10 * MINUTE, targetMs: 30 * MINUTE, tone: 'calm' });
  });

  it('the oldest waiting is the earliest still waiting for us', () => {
    const rows = [
      conversation({ id: 'a', waitingSince: NOW - 5 * MINUTE }),
      conversation({ id: 'b', waitingSince: null }),
      conversation({ id: 'c', waitingSince: NOW - 9 * MINUTE }),
    ];
    expect(oldestWaiting(rows)?.id).toBe('c');
    expect(oldestWaiting([conversation({ waitingSince: null })])).toBeUndefined();
  });

  it("the database's times move onto the supervisor's clock, and its strings are cut to the contract's bounds", () => {
    const row = queueConversation(
      {
        id: 'x',
        account_id: 'bluesky:brand.test',
        status: 'new',
        visibility: 'weird',
        handler: 'ana',
        handler_name: null,
        author_handle: 'h'.repeat(300),
        author_name: '',
        author_followers: 5,
        text: 't'.repeat(500),
        langs: 'not an array',
        first_at: new Date(NOW - 60_000 - 10 * MINUTE),
        first_response_at: null,
        waiting_since: new Date(NOW - 60_000 - 10 * MINUTE),
        phones: ['+12125550123'],
        customer_name: 'n'.repeat(300),
        server_now: new Date(NOW - 60_000),
      },
      NOW,
    );
    expect(row).toMatchObject({
      visibility: 'public',
      handler: { id: 'ana', name: 'ana' },
      langs: [],
      firstAt: NOW - 10 * MINUTE,
      waitingSince: NOW - 10 * MINUTE,
    });
    expect(row.authorHandle).toHaveLength(256);
    expect(row.text).toHaveLength(400);
    expect(row.customerName).toHaveLength(256);
  });
});

describe('the complaint alert: a live call from a customer with an open negative public post', () => {
  const angry = conversation({ text: ANGRY, phones: ['+12125550123'] });

  it('a phone number is compared on its digits, from a number or a SIP URI', () => {
    expect(phoneDigits('sip:+1 (212) 555-0123@pbx.example')).toBe('12125550123');
    expect(phoneDigits('+12125550123')).toBe('12125550123');
    expect(phoneDigits('sip:0612345678@pbx')).toBe('612345678');
    expect(phoneDigits('sip:carla@pbx.example')).toBeNull();
    expect(phoneDigits('sip:2001@pbx')).toBeNull();
  });

  it('a national number matches its E.164 form (a country code of up to 3 digits in front), nothing looser', () => {
    expect(sameNumber('2125550123', '12125550123')).toBe(true);
    expect(sameNumber('612345678', '33612345678')).toBe(true);
    expect(sameNumber('5550123', '12125550123')).toBe(false);
    expect(sameNumber('2125550124', '12125550123')).toBe(false);
  });

  it('Ana on a call with Lucía’s verified number while her angry post is open: one alert with the post', () => {
    const alerts = complaintAlerts([agentOnCall('sip:+12125550123@127.0.0.1')], [judge(angry)]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ agent: { id: 'ana', state: 'on-call' }, party: 'sip:+12125550123@127.0.0.1' });
    expect(alerts[0]?.post.conversation.id).toBe('at://lucia/1');
  });

  it('a ringing call counts too; no alert for another number, a calm post, a private message or an idle agent', () => {
    expect(complaintAlerts([agentOnCall('sip:+12125550123@127.0.0.1', 'ringing')], [judge(angry)])).toHaveLength(1);
    // Kamailio reports the caller as baresip registered: the national number.
    expect(complaintAlerts([agentOnCall('sip:2125550123@127.0.0.1')], [judge(angry)])).toHaveLength(1);
    expect(complaintAlerts([agentOnCall('sip:+34600111222@127.0.0.1')], [judge(angry)])).toEqual([]);
    expect(complaintAlerts([agentOnCall('sip:+12125550123@127.0.0.1')], [judge(conversation({ phones: ['+12125550123'] }))])).toEqual([]);
    expect(complaintAlerts([agentOnCall('sip:+12125550123@127.0.0.1')], [judge({ ...angry, id: 'dm', visibility: 'private' })])).toEqual([]);
    const idle: BoardAgent = { id: 'ana', name: 'Ana Ruiz', state: 'available', since: NOW, callsUnknown: false };
    expect(complaintAlerts([idle], [judge(angry)])).toEqual([]);
  });
});
