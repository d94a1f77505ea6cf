import * as z from 'zod';

/**
 * Cue phrases that say what a post means beyond its word polarity (issue 13):
 * the shipped lists live in renderer/src/social/meaning/cues/<language>.json;
 * a team adds its own under the profile's `cues.<language>` with this shape,
 * and they are appended to the shipped ones (never replacing them).
 *
 * A phrase matches whole words; `*phrase*` matches anywhere (Arabic's
 * attached prefixes), `phrase*` the start of a word, `#` any number.
 */
const Phrase = z.string().min(1).max(80);
const Phrases = z.array(Phrase).max(500);

export const EscalationKinds = ['goPublic', 'leave', 'repeatContact', 'demand'] as const;

export const CueListExtension = z
  .object({
    /** Reports something wrong: "never arrived", "roto". */
    problem: Phrases.optional(),
    /** Praise words used to complain: "thanks for nothing". */
    sarcasm: Phrases.optional(),
    /** The problem is over: "fixed it", "lo resolvieron". */
    resolved: Phrases.optional(),
    /** Mockery with nothing to fix: "lol", "jajaja". */
    troll: Phrases.optional(),
    /** Words that flip the polarity of the next words. */
    negations: Phrases.optional(),
    /** Frequent words of the language, to guess it for a post without `langs`. */
    common: Phrases.optional(),
    escalation: z
      .object({ goPublic: Phrases.optional(), leave: Phrases.optional(), repeatContact: Phrases.optional(), demand: Phrases.optional() })
      .strict()
      .optional(),
    /** Polarity of single words, -5 … +5, over the library's lexicon. */
    polarity: z.record(z.string().min(1).max(40), z.number().min(-5).max(5)).optional(),
  })
  .strict();
export type CueListExtension = z.infer<typeof CueListExtension>;

/** Language subtag (BCP 47 primary: "es", "pt") → the team's extra cues. */
export const CueExtensions = z.record(z.string().regex(/^[a-z]{2,3}$/, { message: 'must be a language code such as es' }), CueListExtension);
export type CueExtensions = z.infer<typeof CueExtensions>;
