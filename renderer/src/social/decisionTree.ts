import type { Meaning } from './meaning/analyseMeaning';
import type { Sentiment } from './sentiment';

/**
 * A hint for the agent before they reply, after the classic social-care
 * response tree (e.g. the US Air Force "web posting response assessment"):
 *
 * ```
 * abusive words, nothing to fix? ── yes ─▶ troll: don't feed it; answer once, calmly, or not at all
 *        │ no
 * wrong facts / "scam" / "I thought…"? ── yes ─▶ misunderstanding: correct kindly, with a source
 *        │ no
 * judged a complaint (or, unjudged, negative sentiment)? ── yes ─▶ unhappy: acknowledge, apologise, take it private
 *        │ no
 * positive, no question? ── yes ─▶ praise: thank them (a like may do)
 *        │ no
 * a question? ── yes ─▶ question: answer it
 *        │ no
 * ─▶ noAnswer: should we answer at all? Probably not.
 * ```
 *
 * Pure: keywords (English and Spanish) plus the sentiment score, and the
 * meaning judgement (social/meaning) when there is one: its complaint cues
 * in five languages then decide "unhappy", and its mockery cues "troll".
 */
export type HintKind = 'troll' | 'misunderstanding' | 'unhappy' | 'praise' | 'question' | 'noAnswer';

export interface Hint {
  readonly kind: HintKind;
  /** The keywords that decided it (may be empty when the score alone did). */
  readonly cues: readonly string[];
}

export interface HintInput {
  readonly text: string;
  readonly sentiment: Sentiment;
  readonly meaning?: Pick<Meaning, 'complaint' | 'troll' | 'reasons'> | undefined;
}

const ABUSE = ['idiot', 'idiots', 'stupid', 'morons', 'moron', 'clowns', 'trash', 'garbage company', 'kys', 'stfu', 'idiota', 'idiotas', 'estúpidos', 'basura'];
const MISUNDERSTANDING = [
  'scam',
  'hidden fee',
  'hidden fees',
  'i thought',
  'supposedly',
  'they said',
  'is it true',
  'fake',
  'lied',
  'misleading',
  'why was i charged',
  'estafa',
  'pensé',
  'creía',
  'es verdad',
];
const HELP = ['help', 'refund', 'broken', 'order', 'account', 'support', 'ayuda', 'pedido', 'cuenta', 'reembolso'];
const QUESTION_WORDS = ['how', 'why', 'when', 'where', 'what', 'can i', 'can you', 'cómo', 'por qué', 'cuándo', 'dónde', 'qué'];

const wordsOf = (text: string) =>
  ` ${text
    .normalize('NFKC')
    .toLocaleLowerCase()
    .replace(/[^\p{L}\p{N}?]+/gu, ' ')} `;
const cuesIn = (haystack: string, words: readonly string[]) => words.filter((word) => haystack.includes(` ${word} `));

export function responseHint({ text, sentiment, meaning }: HintInput): Hint {
  const haystack = wordsOf(text);
  const abuse = cuesIn(haystack, ABUSE);
  const help = cuesIn(haystack, HELP);
  const isQuestion = text.includes('?') || text.includes('¿') || cuesIn(haystack, QUESTION_WORDS).length > 0;

  if ((abuse.length > 0 || meaning?.troll === true) && help.length === 0 && !isQuestion && meaning?.complaint !== true) return { kind: 'troll', cues: abuse };
  const wrongFacts = cuesIn(haystack, MISUNDERSTANDING);
  if (wrongFacts.length > 0) return { kind: 'misunderstanding', cues: wrongFacts };
  if (meaning?.complaint === true) return { kind: 'unhappy', cues: [...abuse, ...meaning.reasons.map((reason) => reason.cue)] };
  if ((meaning === undefined && sentiment.score <= -1) || abuse.length > 0)
    return { kind: 'unhappy', cues: [...abuse, ...sentiment.words.filter((w) => w.score < 0).map((w) => w.word)] };
  if (sentiment.score >= 1 && !isQuestion) return { kind: 'praise', cues: sentiment.words.filter((w) => w.score > 0).map((w) => w.word) };
  if (isQuestion || help.length > 0) return { kind: 'question', cues: help };
  return { kind: 'noAnswer', cues: [] };
}
