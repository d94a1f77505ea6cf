import { afterEach, describe, expect, it } from 'vitest';
import { CueExtensions } from '@tandem/contract';
import { analyseMeaning } from '../../../renderer/src/social/meaning/analyseMeaning';
import { cueLanguages, cuesFor, extendCues } from '../../../renderer/src/social/meaning/cueLists';
import { detectLanguage } from '../../../renderer/src/social/meaning/language';
import { responseHint } from '../../../renderer/src/social/decisionTree';
import { priorityOf } from '../../../renderer/src/social/priority';
import { isOpenComplaint } from '../../../renderer/src/customers/callerContextReads';

describe('the language a post is judged in', () => {
  it("the post's own langs win over the guess", () => {
    expect(detectLanguage('Do you ship to Canada?', ['pt-BR'])).toEqual({ language: 'pt', source: 'post' });
  });

  it('Arabic letters are Arabic; emoji alone have no language; short posts are guessed with the frequent words', () => {
    expect(detectLanguage('أين طلبي؟').language).toBe('ar');
    expect(detectLanguage('😡😡').language).toBeNull();
    expect(detectLanguage('Do you ship to Canada?').language).toBe('en');
    expect(detectLanguage('Cancelaron mi vuelo sin avisar').language).toBe('es');
  });
});

describe('a language Tandem has no lexicon for', () => {
  it('says sentiment is not available for it instead of scoring a neutral 0', () => {
    const meaning = analyseMeaning('Ich bin sehr unzufrieden mit dem Service', ['de']);
    expect(meaning.polarity).toEqual({ available: false, language: 'de' });
  });

  it('still reads the cues that need no language: angry emoji and shouting', () => {
    const meaning = analyseMeaning('WARUM FUNKTIONIERT DAS NICHT 😡', ['de']);
    expect(meaning.escalation.map((cue) => cue.kind)).toEqual(['shouting', 'angryEmoji']);
    expect(meaning.complaint).toBe(true);
  });
});

describe('escalation cues that need no language', () => {
  it('an acronym is not shouting; a shouted word is', () => {
    expect(analyseMeaning('Does the new HDMI cable work?').escalation).toEqual([]);
    expect(analyseMeaning('Quero meu dinheiro de volta AGORA').escalation).toContainEqual({ kind: 'shouting', cue: 'AGORA' });
  });

  it('repeated punctuation and angry emoji are cues; one "?" is not', () => {
    expect(analyseMeaning('where is my order?!?!').escalation.map((cue) => cue.kind)).toContain('punctuation');
    expect(analyseMeaning('where is my order?').escalation.map((cue) => cue.kind)).not.toContain('punctuation');
    expect(analyseMeaning('🤬').escalation).toEqual([{ kind: 'angryEmoji', cue: '🤬' }]);
  });
});

describe('the cue lists Tandem ships', () => {
  it('each parses as a team’s list would, and compiles (on its first use, not at start-up)', () => {
    expect(cueLanguages()).toEqual(expect.arrayContaining(['en', 'es', 'pt', 'fr', 'ar']));
    for (const language of cueLanguages()) {
      const list = cuesFor(language);
      expect(list?.problem.length, language).toBeGreaterThan(0);
      // Compiled once: the same lists answer the next post.
      expect(cuesFor(language)).toBe(list);
    }
    // Settings with no team cues change nothing, and compile nothing again.
    const english = cuesFor('en');
    extendCues({});
    expect(cuesFor('en')).toBe(english);
  });
});

describe("a team's own cues, from the profile", () => {
  afterEach(() => extendCues({}));

  it('are appended to the shipped lists, and the profile schema refuses a malformed list', () => {
    const post = 'el envío sigue en el limbo';
    expect(analyseMeaning(post, ['es']).complaint).toBe(false);
    extendCues(CueExtensions.parse({ es: { problem: ['en el limbo'] } }));
    const meaning = analyseMeaning(post, ['es']);
    expect(meaning.complaint).toBe(true);
    expect(meaning.reasons).toContainEqual({ kind: 'problem', cue: 'en el limbo' });
    // The shipped cues are still there.
    expect(analyseMeaning('Mi pedido llegó roto', ['es']).complaint).toBe(true);
    expect(CueExtensions.safeParse({ es: { problems: ['typo'] } }).success).toBe(false);
    expect(CueExtensions.safeParse({ es: { polarity: { genial: 9 } } }).success).toBe(false);
  });

  it('can add a language Tandem does not ship cues for; its polarity still says "not available"', () => {
    extendCues({ de: { problem: ['kaputt'] } });
    const meaning = analyseMeaning('Mein Paket kam kaputt an', ['de']);
    expect(meaning.complaint).toBe(true);
    expect(meaning.polarity.available).toBe(false);
  });
});

describe('priority, the open-complaint flag and the decision tree follow the judgement', () => {
  const calm = { sentiment: 0, followers: 0, waitingMs: 0, visibility: 'public' } as const;

  it('"third time asking" with no negative word is a High public complaint, not Low', () => {
    const meaning = analyseMeaning('my order #123 never arrived, third time asking');
    expect(priorityOf({ ...calm, complaint: meaning.complaint, escalating: meaning.escalation.length > 0 })).toEqual({ score: 45, level: 'high' });
    expect(priorityOf(calm).level).toBe('low');
  });

  it('a complaint without escalation counts half the sentiment weight; a non-complaint with mild words gets no public floor', () => {
    expect(priorityOf({ ...calm, visibility: 'private', complaint: true }).score).toBe(23);
    expect(priorityOf({ ...calm, sentiment: -1, complaint: false }).level).toBe('normal');
  });

  it('the open-complaint flag is the complaint judgement in a conversation not closed', () => {
    const complaint = analyseMeaning('still nothing. I will post about this everywhere if it is not fixed today');
    expect(isOpenComplaint(complaint, 'open')).toBe(true);
    expect(isOpenComplaint(complaint, 'closed')).toBe(false);
    expect(isOpenComplaint(analyseMeaning('lol this company is a joke'), null)).toBe(false);
  });

  it('the hint calls a Spanish complaint unhappy with its cues, and a mocking post a troll', () => {
    const hint = (text: string) => {
      const meaning = analyseMeaning(text);
      const sentiment = { score: meaning.polarity.available ? meaning.polarity.score : 0, total: 0, words: [] };
      return responseHint({ text, sentiment, meaning });
    };
    expect(hint('Es la tercera vez que escribo por la nevera rota y nadie responde')).toEqual({
      kind: 'unhappy',
      cues: expect.arrayContaining(['rota', 'tercera vez', 'nadie responde']) as unknown,
    });
    expect(hint('lol this company is a joke').kind).toBe('troll');
  });
});

describe('cost per post', () => {
  it('a 10 kB post is judged on its beginning, in well under the time of a frame', () => {
    const post = 'my order never arrived and nobody answers, third time asking!!! '.repeat(160);
    expect(post.length).toBeGreaterThan(10_000);
    analyseMeaning(post);
    const runs = 50;
    const started = performance.now();
    for (let i = 0; i < runs; i++) analyseMeaning(post);
    const perPost = (performance.now() - started) / runs;
    const typical = 'Mi pedido llegó roto y nadie contesta, es la tercera vez que escribo. ¿Alguien me puede ayudar?';
    const typicalStarted = performance.now();
    for (let i = 0; i < runs; i++) analyseMeaning(typical);
    console.log(`meaning: ${perPost.toFixed(2)} ms per 10 kB post, ${((performance.now() - typicalStarted) / runs).toFixed(2)} ms per typical post`);
    // Generous for a loaded 2-core CI machine; measured a few ms locally.
    expect(perPost).toBeLessThan(50);
  });
});
