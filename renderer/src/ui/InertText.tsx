import { displayText } from './safeText';

/**
 * Text from a network: always a React text node (never markup), isolated with
 * `<bdi>` so it can't reorder the desk around it, with bidi overrides and
 * zalgo tamed for display (see safeText.ts).
 *
 * `dir="ltr"` is for phone numbers and SIP addresses: they have no strong
 * letters to guess a direction from, and must read left to right in Arabic.
 */
export function InertText({
  text,
  className,
  dir = 'auto',
  timing,
}: {
  readonly text: string;
  readonly className?: string;
  readonly dir?: 'auto' | 'ltr';
  /** An Element Timing identifier: the browser reports when this text first painted. */
  readonly timing?: string;
}) {
  return (
    <bdi dir={dir} className={className} {...(timing === undefined ? {} : { elementtiming: timing })}>
      {displayText(text)}
    </bdi>
  );
}
