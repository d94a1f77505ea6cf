import { displayText } from './safeText';

/**
 * Text from a network: always a React text node (never markup), isolated with
 * `<bdi>` so it can't reorder the desk around it, with bidi overrides and
 * zalgo tamed for display (see safeText.ts).
 *
 * `dir="ltr"` is for phone numbers and SIP addresses: they have no strong
 * letters to guess a direction from, and must read left to right in Arabic.
 */
export function InertText({ text, className, dir = 'auto' }: { readonly text: string; readonly className?: string; readonly dir?: 'auto' | 'ltr' }) {
  return (
    <bdi dir={dir} className={className}>
      {displayText(text)}
    </bdi>
  );
}
