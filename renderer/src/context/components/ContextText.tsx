import { InertText } from '../../ui/InertText';

/** Longest stretch of stored text the panel renders at all; the rest is cut (the timeline shows it whole). */
export const MAX_SHOWN_CHARS = 2_000;

/**
 * Untrusted text (a name, a bio, a note, a post) as the panel shows it: a
 * React text node in `<bdi>` (never markup), cut to `MAX_SHOWN_CHARS`, and
 * clamped to a few lines by CSS so nothing can push the panel apart.
 */
export function ClampedText({
  text,
  lines = 3,
  className = '',
  timing,
}: {
  readonly text: string;
  readonly lines?: 1 | 2 | 3 | 6;
  readonly className?: string;
  /** An Element Timing identifier for the text (InertText). */
  readonly timing?: string;
}) {
  const shown = text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS)}…` : text;
  return <InertText text={shown} className={`context-clamp context-clamp-${lines} ${className}`.trim()} {...(timing === undefined ? {} : { timing })} />;
}
