import { describe, expect, it } from 'vitest';
import type { SocialItem } from '@tandem/contract';
import { LANGUAGES } from '@tandem/contract';
import { createRendererI18n } from '../../../renderer/src/i18n/i18n';
import { caseLanguage, checkOfflineTexts, offlineTexts } from '../../../renderer/src/social/offline/offlineTexts';
import { numberInReply } from '../../../renderer/src/social/offline/numberInReply';
import { callParty, caseEntries, caseNumber, caseStart, type CaseCall } from '../../../renderer/src/social/offline/offlineCase';
import { socialItem } from '../social-ui/socialFakes';

const AGENT = 'Ana Ruiz';
const LIMITS = { publicMaxGraphemes: 300, privateMaxGraphemes: 1000, agentName: AGENT };

describe('take offline: the texts are templates in the conversation language, and pass the brand policy as they come', () => {
  it('the customer wrote in Spanish: the templates are Spanish whatever the desk speaks', () => {
    expect(caseLanguage('es', 'en')).toBe('es');
    expect(caseLanguage('pt', 'fr')).toBe('pt-BR');
    expect(caseLanguage('de', 'fr')).toBe('fr');
    expect(caseLanguage(null, 'ar')).toBe('ar');
  });

  it.each(LANGUAGES)('every template in %s names the customer, carries the signature and breaks no rule', (language) => {
    const t = createRendererI18n(language).getFixedT(language);
    const texts = offlineTexts(t, { handle: 'carol.test', brandHandle: 'acme.test', agentName: AGENT });
    for (const text of [texts.acknowledgement, texts.privateMessage, texts.invitation]) expect(text).toContain('carol.test');
    expect(texts.invitation).toContain('acme.test');
    expect(checkOfflineTexts({ acknowledgement: texts.acknowledgement, privateMessage: texts.privateMessage }, LIMITS)).toEqual({
      acknowledgement: [],
      privateMessage: [],
    });
    expect(checkOfflineTexts({ acknowledgement: texts.invitation, privateMessage: null }, LIMITS).acknowledgement).toEqual([]);
  });

  it('a banned word typed into the acknowledgement is named, and only there', () => {
    const t = createRendererI18n('en').getFixedT('en');
    const texts = offlineTexts(t, { handle: 'carol.test', brandHandle: 'acme.test', agentName: AGENT });
    const issues = checkOfflineTexts({ acknowledgement: `We guarantee a fix.\n${texts.acknowledgement}`, privateMessage: texts.privateMessage }, LIMITS);
    expect(issues.acknowledgement).toEqual([{ kind: 'banned', phrase: 'guarantee' }]);
    expect(issues.privateMessage).toEqual([]);
  });
});

describe("take offline: the number in the customer's private answer", () => {
  it("a number typed the local way is read with the profile's region, as E.164", () => {
    expect(numberInReply('Sure, call me on (415) 555-0132 after 5', 'US')).toEqual({ kind: 'number', e164: '+14155550132' });
    expect(numberInReply('Mi número es +34 612 34 56 78', 'US')).toEqual({ kind: 'number', e164: '+34612345678' });
  });

  it('something that looks like a number but is not one is shown back as typed, never dialled', () => {
    expect(numberInReply('call me at 555-01234-999', 'US')).toEqual({ kind: 'unreadable', typed: '555-01234-999' });
  });

  it('a message without a number asks for nothing', () => {
    expect(numberInReply('Thanks, I will wait for your call tomorrow at 5', 'US')).toBeNull();
  });
});

describe('take offline: one case, in the order it happened', () => {
  const T0 = 1_800_000_000_000;
  const item = (patch: Partial<SocialItem>): SocialItem => ({ ...socialItem(patch), seq: 1 });
  const post = item({ uri: 'at://carol/post/1', createdAt: T0, text: 'My order never came' });
  const ack = item({ uri: 'at://acme/post/2', kind: 'brand-reply', createdAt: T0 + 1000, text: "We've sent you a private message" });
  const asked = item({ uri: 'msg-1', kind: 'brand-message', visibility: 'private', conversationId: 'convo-1', createdAt: T0 + 2000, text: 'What number?' });
  const answer = item({ uri: 'msg-2', kind: 'message', visibility: 'private', conversationId: 'convo-1', createdAt: T0 + 3000, text: 'It is 415 555 0132' });
  const older = item({
    uri: 'msg-0',
    kind: 'message',
    visibility: 'private',
    conversationId: 'convo-1',
    createdAt: T0 - 86_400_000,
    text: 'Old chat: 212 555 0100',
  });
  const call: CaseCall = {
    id: 'call:call-1',
    uri: 'sip:+14155550132@pbx.test',
    at: T0 + 4000,
    outcome: 'answered',
    summary: 'Refund agreed',
    wrapUpCode: 'resolved',
  };
  const closing = item({ uri: 'at://acme/post/3', kind: 'brand-reply', createdAt: T0 + 70_000, text: 'Thanks for talking with us' });

  it('the case starts at our public answer: an older private chat stays out, and its number is not offered', () => {
    expect(caseStart([post])).toBeNull();
    expect(caseStart([post, ack, closing])).toBe(T0 + 1000);
    expect(caseNumber([older], caseStart([post, ack]), 'US')).toBeNull();
    expect(caseNumber([older, asked, answer], caseStart([post, ack]), 'US')).toEqual({ kind: 'number', e164: '+14155550132', evidenceUri: answer.uri });
  });

  it('post → acknowledgement → private messages → call → closing note', () => {
    const entries = caseEntries([post, ack, closing], [older, answer, asked], [call]);
    expect(entries.map((entry) => (entry.kind === 'call' ? entry.call.id : entry.item.uri))).toEqual([
      post.uri,
      ack.uri,
      asked.uri,
      answer.uri,
      'call:call-1',
      closing.uri,
    ]);
  });

  it('the call shows the number it went to, taken from its SIP address', () => {
    expect(callParty(call.uri)).toBe('+14155550132');
    expect(callParty('sip:1002@pbx.test')).toBe('sip:1002@pbx.test');
    expect(callParty(null)).toBe('');
  });
});
