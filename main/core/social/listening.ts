import type { ListeningRule } from '@tandem/contract';

/**
 * Social listening: rules on brand names, products and competitors, run on
 * the public posts a connector sees that are not addressed to the brand.
 *
 * Matching is by whole words, case-insensitive and Unicode-aware: text and
 * rule words are NFKC-normalised, lower-cased and cut into words with
 * `Intl.Segmenter` (which also splits scripts written without spaces, such as
 * Chinese or Japanese). A rule word of several words is a phrase: its words
 * must follow each other. So "acme" matches "ACME!", "#acme" and "Acme's"
 * (possessive), but not "acmeville"; "acme phone" matches "my Acme phone".
 *
 * A post matches a rule when at least one `anyWords` entry occurs (if there
 * are any), every `allWords` entry occurs, and no `excludeWords` entry occurs.
 * A rule with neither any- nor all-words matches nothing.
 */

const segmenter = new Intl.Segmenter('und', { granularity: 'word' });

/** The words of `text`, normalised for comparison. */
export function words(text: string): string[] {
  // Apostrophes split words ("Acme’s" → "acme", "s"), in rules and posts alike, so possessives still match.
  const normalised = text.normalize('NFKC').toLowerCase().replace(/['’ʼ]/g, ' ');
  const result: string[] = [];
  for (const segment of segmenter.segment(normalised)) {
    if (segment.isWordLike === true) result.push(segment.segment);
  }
  return result;
}

function containsPhrase(haystack: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length === 0) return false;
  outer: for (let start = 0; start + phrase.length <= haystack.length; start += 1) {
    for (let offset = 0; offset < phrase.length; offset += 1) {
      if (haystack[start + offset] !== phrase[offset]) continue outer;
    }
    return true;
  }
  return false;
}

/** A rule prepared once (its words segmented), applied to many posts. */
export class CompiledRule {
  readonly #any: string[][];
  readonly #all: string[][];
  readonly #exclude: string[][];

  constructor(readonly rule: ListeningRule) {
    const compile = (list: readonly string[]) => list.map(words).filter((phrase) => phrase.length > 0);
    this.#any = compile(rule.anyWords);
    this.#all = compile(rule.allWords);
    this.#exclude = compile(rule.excludeWords);
  }

  matchesWords(postWords: readonly string[]): boolean {
    if (this.#any.length === 0 && this.#all.length === 0) return false;
    if (this.#any.length > 0 && !this.#any.some((phrase) => containsPhrase(postWords, phrase))) return false;
    if (!this.#all.every((phrase) => containsPhrase(postWords, phrase))) return false;
    return !this.#exclude.some((phrase) => containsPhrase(postWords, phrase));
  }

  matches(text: string): boolean {
    return this.matchesWords(words(text));
  }
}

/** The first rule (in the agent's order) that matches `text`, or null. */
export class ListeningMatcher {
  #rules: CompiledRule[] = [];

  constructor(rules: readonly ListeningRule[] = []) {
    this.setRules(rules);
  }

  setRules(rules: readonly ListeningRule[]): void {
    this.#rules = rules.map((rule) => new CompiledRule(rule));
  }

  get rules(): ListeningRule[] {
    return this.#rules.map((compiled) => compiled.rule);
  }

  match(text: string): ListeningRule | null {
    if (this.#rules.length === 0) return null;
    const postWords = words(text);
    return this.#rules.find((compiled) => compiled.matchesWords(postWords))?.rule ?? null;
  }
}
