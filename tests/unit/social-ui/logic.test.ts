import { describe, expect, it } from 'vitest';
import type { SocialItem } from '@tandem/contract';
import { bannedPhrasesIn, checkReply, hasSignature, signatureName, signatureOf, withSignature } from '../../../renderer/src/social/brandPolicy';
import { foldConversation as foldWith } from '../../../renderer/src/social/conversationFold';
import { analyseMeaning } from '../../../renderer/src/social/meaning/analyseMeaning';
import { responseHint } from '../../../renderer/src/social/decisionTree';
import { countGraphemes, firstGrapheme } from '../../../renderer/src/social/graphemes';
import { initialOf } from '../../../renderer/src/social/components/Avatar';
import { priorityLevel, priorityOf, priorityScore } from '../../../renderer/src/social/priority';
import { displayText, safeExternalUrl } from '../../../renderer/src/ui/safeText';
import { analyseSentiment } from '../../../renderer/src/social/meaning/wordScores';
import { socialItem } from './socialFakes';

const HOUR = 60 * 60 * 1000;
/** The fold with the meaning engine itself, as the store gives it once loaded. */
const foldConversation = (previous: Parameters<typeof foldWith>[0], next: SocialItem, now: number) => foldWith(previous, next, now, analyseMeaning);
const item = (patch: Partial<SocialItem> = {}): SocialItem => ({ ...socialItem(patch), seq: patch.seq ?? 1 });

describe('sentiment, from wink-sentiment', () => {
  it('an angry post scores negative and names the words that drove it', () => {
    const result = analyseSentiment('My order arrived broken and support is terrible. Awful.');
    expect(result.score).toBeLessThan(-1);
    expect(result.words.map((w) => w.word)).toEqual(expect.arrayContaining(['terrible', 'awful']));
    // "support" is positive in AFINN: the drivers show both sides, strongest first.
    expect(result.words[0]?.score).toBeLessThan(0);
  });

  it('praise scores positive; a negated word counts against', () => {
    expect(analyseSentiment('I love the new app, great work!').score).toBeGreaterThan(1);
    const negated = analyseSentiment('not good');
    expect(negated.score).toBeLessThan(0);
  });

  it('empty text is neutral with no drivers', () => {
    expect(analyseSentiment('   ')).toEqual({ score: 0, total: 0, words: [] });
  });
});

describe('priority: sentiment, reach, waiting time and who can read it', () => {
  const calm = { sentiment: 0, followers: 0, waitingMs: 0, visibility: 'private' } as const;

  it('a neutral post from nobody that was just posted is low priority', () => {
    expect(priorityOf(calm)).toEqual({ score: 0, level: 'low' });
    expect(priorityOf({ ...calm, visibility: 'public' })).toEqual({ score: 0, level: 'low' });
  });

  it('each factor pushes the score up on its own', () => {
    expect(priorityScore({ ...calm, sentiment: -5 })).toBe(45);
    expect(priorityScore({ ...calm, followers: 1_000_000 })).toBe(25);
    expect(priorityScore({ ...calm, waitingMs: 4 * HOUR })).toBe(30);
  });

  it('negativity counts in full from -3: wink rarely scores a furious post lower than that', () => {
    expect(priorityScore({ ...calm, sentiment: -3 })).toBe(45);
    // The e2e complaint ("worst service ever … broken … furious") scores -2.3: most of the weight, not half of it.
    expect(priorityScore({ ...calm, sentiment: -2.3 })).toBe(35);
    expect(priorityScore({ ...calm, sentiment: -1.5 })).toBe(23);
  });

  it('an angry public complaint from an unknown author who just posted is High: everyone can read it', () => {
    const text = 'this is the worst service ever, my phone is broken and I am furious';
    const { score } = analyseSentiment(text);
    expect(score).toBeLessThanOrEqual(-1);
    expect(priorityOf({ sentiment: score, followers: null, waitingMs: 0, visibility: 'public' }).level).toBe('high');
    // Even a mild public grumble is High; the same words in a private message rank by the sum alone.
    expect(priorityOf({ ...calm, sentiment: -1, visibility: 'public' })).toEqual({ score: 40, level: 'high' });
    expect(priorityOf({ ...calm, sentiment: -1 })).toEqual({ score: 15, level: 'normal' });
  });

  it('the public floor never lowers a score, and urgent still needs reach or waiting', () => {
    expect(priorityScore({ sentiment: -5, followers: 10_000, waitingMs: 2 * HOUR, visibility: 'public' })).toBe(
      priorityScore({ sentiment: -5, followers: 10_000, waitingMs: 2 * HOUR, visibility: 'private' }),
    );
    expect(priorityOf({ ...calm, sentiment: -5, visibility: 'public' }).level).toBe('high');
    expect(priorityOf({ sentiment: -2.3, followers: 10_000, waitingMs: 2 * HOUR, visibility: 'public' }).level).toBe('urgent');
  });

  it('a neutral or positive public post gets no floor', () => {
    expect(priorityScore({ ...calm, sentiment: -0.5, visibility: 'public' })).toBe(8);
    expect(priorityScore({ ...calm, sentiment: 3, visibility: 'public' })).toBe(0);
  });

  it('a furious influencer who has waited four hours is urgent, at most 100', () => {
    expect(priorityOf({ sentiment: -5, followers: 5_000_000, waitingMs: 10 * HOUR, visibility: 'public' })).toEqual({ score: 100, level: 'urgent' });
  });

  it('positive sentiment never lowers a score below what reach and waiting give', () => {
    expect(priorityScore({ ...calm, sentiment: 5, followers: 1000, waitingMs: HOUR })).toBe(
      priorityScore({ ...calm, sentiment: 0, followers: 1000, waitingMs: HOUR }),
    );
  });

  it('unknown followers and garbage inputs stay in range', () => {
    expect(priorityScore({ sentiment: Number.NaN, followers: null, waitingMs: -5, visibility: 'public' })).toBe(0);
  });

  it('levels cut at 15, 40 and 60', () => {
    expect([14, 15, 39, 40, 59, 60].map(priorityLevel)).toEqual(['low', 'normal', 'normal', 'high', 'high', 'urgent']);
  });
});

describe('the response decision tree', () => {
  const hint = (text: string) => responseHint({ text, sentiment: analyseSentiment(text) }).kind;

  it('insults with nothing to fix read as a troll', () => {
    expect(hint('you are all idiots lol')).toBe('troll');
  });

  it('abuse with a real problem is an unhappy customer, not a troll', () => {
    expect(hint('you idiots, my order never arrived, help')).toBe('unhappy');
  });

  it('"scam" and "hidden fees" read as a misunderstanding', () => {
    expect(hint('Is it true there are hidden fees? Feels like a scam')).toBe('misunderstanding');
  });

  it('a negative post is an unhappy customer', () => {
    expect(hint('Terrible service, I am very disappointed')).toBe('unhappy');
  });

  it('a happy post without a question is praise', () => {
    expect(hint('Love the new update, amazing work!')).toBe('praise');
  });

  it('a neutral question is a question', () => {
    expect(hint('How do I change my delivery address?')).toBe('question');
  });

  it('a neutral mention that asks nothing: should we answer at all?', () => {
    expect(hint('at the acme store today')).toBe('noAnswer');
  });

  it('Spanish cues work too', () => {
    expect(hint('¿Es verdad que cobran de más? Parece una estafa')).toBe('misunderstanding');
  });
});

describe('the brand policy', () => {
  const ctx = { maxGraphemes: 300, agentName: 'Ana Ruiz' };

  it('the signature is first name + last initial', () => {
    expect(signatureOf('Ana Ruiz')).toBe('— Ana R.');
    expect(signatureOf('María José García')).toBe('— María G.');
    expect(signatureOf('  Cher ')).toBe('— Cher');
    expect(signatureOf('ana ángel')).toBe('— ana Á.');
  });

  it('a signed, clean reply within the limit passes', () => {
    expect(checkReply('Thanks for telling us!\n— Ana R.', ctx)).toEqual([]);
    expect(hasSignature('Thanks - Ana R.', 'Ana Ruiz')).toBe(true);
  });

  it('refuses an empty reply', () => {
    expect(checkReply('  \n', ctx)).toEqual([{ kind: 'empty' }]);
  });

  it('counts graphemes, not UTF-16 units: 300 family emoji fit in 300', () => {
    const family = '👨‍👩‍👧‍👦';
    expect(countGraphemes(family)).toBe(1);
    const body = family.repeat(300 - countGraphemes('\n— Ana R.'));
    expect(checkReply(`${body}\n— Ana R.`, ctx)).toEqual([]);
    expect(checkReply(`${body}x\n— Ana R.`, ctx)).toEqual([{ kind: 'tooLong', count: 301, max: 300 }]);
  });

  it("takes a name's first user-perceived character, for the avatar's disc and the signature's initial", () => {
    // Latin-script names: the first character alone, without waking the page's segmenter.
    expect(['Carla', 'C', 'ana', '3rd desk'].map(initialOf)).toEqual(['C', 'C', 'A', '3']);
    // Whatever joins the first character to the next is one grapheme: an accent written apart, a family, a flag.
    expect(firstGrapheme('e\u0301mile')).toBe('e\u0301');
    expect(firstGrapheme('👩🏽‍💻 dev')).toBe('👩🏽‍💻');
    expect(firstGrapheme('🇪🇸x')).toBe('🇪🇸');
    expect(firstGrapheme('Ómar')).toBe('Ó');
    expect(initialOf('مريم')).toBe('م');
    // Nothing to show: a question mark, never an empty disc; hidden characters are not a name.
    expect(initialOf('   ')).toBe('?');
    expect(initialOf('\u200b\u202eCarla')).toBe('C');
    expect(signatureName('María José García')).toBe('María G.');
  });

  it('finds banned words and phrases on word boundaries, case- and width-insensitively', () => {
    expect(bannedPhrasesIn('Please CALM   DOWN, we GUARANTEE it', ['calm down', 'guarantee'])).toEqual(['calm down', 'guarantee']);
    expect(bannedPhrasesIn('Our dumbbells are back in stock', ['dumb'])).toEqual([]);
    expect(bannedPhrasesIn('ｓｔｕｐｉｄ', ['stupid'])).toEqual(['stupid']);
  });

  it('refuses a reply without the signature, and withSignature adds it once', () => {
    expect(checkReply('Thanks!', ctx)).toEqual([{ kind: 'missingSignature', signature: '— Ana R.' }]);
    expect(withSignature('Thanks!', 'Ana Ruiz')).toBe('Thanks!\n— Ana R.');
    expect(withSignature('Thanks!\n— Ana R.', 'Ana Ruiz')).toBe('Thanks!\n— Ana R.');
  });
});

describe('inert text helpers', () => {
  it('drops bidi overrides and cuts zalgo for display', () => {
    expect(displayText('abc\u202Egpj.exe')).toBe('abcgpj.exe');
    const zalgo = 'Z' + '\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308';
    expect(displayText(zalgo)).toBe('Z\u0301\u0302\u0303');
  });

  it('only http(s) URLs without credentials may open', () => {
    expect(safeExternalUrl('https://acme.test/help')).toBe('https://acme.test/help');
    expect(safeExternalUrl('javascript:alert(1)')).toBeNull();
    expect(safeExternalUrl(' JaVaScRiPt:alert(1)')).toBeNull();
    expect(safeExternalUrl('data:text/html,<script>')).toBeNull();
    expect(safeExternalUrl('https://user:pw@evil.test')).toBeNull();
    expect(safeExternalUrl('not a url')).toBeNull();
  });
});

describe('folding items into a conversation', () => {
  const now = 1_000_000_000;

  it('a first mention makes a new conversation, waiting since it was posted', () => {
    const mention = item({ createdAt: now - HOUR, text: 'this is terrible' });
    const conversation = foldConversation(undefined, mention, now);
    expect(conversation).toMatchObject({ status: 'new', firstWaitingSince: now - HOUR, replyToUri: mention.uri, itemCount: 1, authorHandle: 'carla.test' });
    expect(conversation.sentimentScore).toBeLessThan(0);
    expect(conversation.priority).toBeGreaterThan(0);
  });

  it('our reply puts it in waiting-on-customer and stops the clock; their answer reopens it', () => {
    const first = foldConversation(undefined, item({ createdAt: now - 3 * HOUR }), now);
    const replied = foldConversation({ ...first, status: 'open' }, item({ kind: 'brand-reply', createdAt: now - 2 * HOUR, conversationId: first.id }), now);
    expect(replied).toMatchObject({ status: 'waiting', firstWaitingSince: null, itemCount: 2 });
    const answered = foldConversation(replied, item({ kind: 'reply', createdAt: now - HOUR, conversationId: first.id }), now);
    expect(answered).toMatchObject({ status: 'open', firstWaitingSince: now - HOUR, itemCount: 3 });
  });

  it('a private conversation the brand opens is its recipient’s before they write; their answer keeps them the author', () => {
    const brand = { did: 'did:plc:brand', handle: 'acme.test', displayName: 'Acme', description: '', avatarUrl: null, followers: null, following: null };
    const carla = { ...brand, did: 'did:plc:customer', handle: 'carla.test', displayName: 'Carla', followers: 1200 };
    const opened = foldConversation(
      undefined,
      item({ kind: 'brand-message', visibility: 'private', conversationId: 'convo-9', author: brand, recipient: carla, createdAt: now - HOUR }),
      now,
    );
    expect(opened).toMatchObject({
      status: 'waiting',
      authorDid: 'did:plc:customer',
      authorHandle: 'carla.test',
      authorDisplayName: 'Carla',
      authorFollowers: 1200,
    });
    const answered = foldConversation(opened, item({ kind: 'message', visibility: 'private', conversationId: 'convo-9', createdAt: now }), now);
    expect(answered).toMatchObject({ status: 'open', authorDid: 'did:plc:customer', authorHandle: 'carla.test' });
    // A brand message whose recipient the desk does not know (read back from the chat log) leaves the author as it was.
    const unknown = foldConversation(undefined, item({ kind: 'brand-message', visibility: 'private', conversationId: 'convo-10', author: brand }), now);
    expect(unknown).toMatchObject({ authorDid: '', authorHandle: '' });
  });

  it('an item older than the latest (a late catch-up) only counts', () => {
    const latest = foldConversation(undefined, item({ createdAt: now, text: 'latest' }), now);
    const late = foldConversation(latest, item({ createdAt: now - HOUR, text: 'older' }), now);
    expect(late).toEqual({ ...latest, itemCount: 2 });
    // Ours, late: it answered something before her latest words, which still wait.
    const ours = foldConversation(latest, item({ kind: 'brand-message', createdAt: now - 1_000, text: 'ours' }), now);
    expect(ours).toEqual({ ...latest, itemCount: 2 });
  });

  it('her answer that crossed our message in flight (stamped 46 ms before it, heard after) reopens the conversation: nobody has answered it', () => {
    const asked = foldConversation(
      undefined,
      item({ kind: 'message', visibility: 'private', conversationId: 'convo-1', createdAt: now - HOUR, text: 'hi' }),
      now,
    );
    const ours = foldConversation(
      asked,
      item({ kind: 'brand-message', visibility: 'private', conversationId: 'convo-1', createdAt: now - 1_000, text: 'What number can I call you on?' }),
      now,
    );
    expect(ours).toMatchObject({ status: 'waiting', firstWaitingSince: null });
    const crossed = foldConversation(
      ours,
      item({ kind: 'message', visibility: 'private', conversationId: 'convo-1', createdAt: now - 1_046, text: 'sure, call me on 12 34 56 7' }),
      now,
    );
    expect(crossed).toMatchObject({
      status: 'open',
      firstWaitingSince: now - 1_046,
      preview: 'sure, call me on 12 34 56 7',
      lastItemAt: now - 1_000,
      lastCustomerItemAt: now - 1_046,
      itemCount: 3,
    });
    // Her older words, caught up later, still only count.
    const older = foldConversation(
      crossed,
      item({ kind: 'message', visibility: 'private', conversationId: 'convo-1', createdAt: now - 2 * HOUR, text: 'old' }),
      now,
    );
    expect(older).toEqual({ ...crossed, itemCount: 4 });
  });
});
