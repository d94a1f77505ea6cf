/**
 * Networks count post length in user-perceived characters (grapheme
 * clusters): 👩🏽‍💻 is one, not seven UTF-16 units. `Intl.Segmenter` is what
 * Bluesky's own clients use for its 300-grapheme limit.
 */
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export function countGraphemes(text: string): number {
  let count = 0;
  for (const _ of segmenter.segment(text)) count++;
  return count;
}
