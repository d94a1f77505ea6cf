import { displayText } from './safeText';

/**
 * Text from a network: always a React text node (never markup), isolated with
 * `<bdi>` so it can't reorder the desk around it, with bidi overrides and
 * zalgo tamed for display (see safeText.ts).
 */
export function InertText({ text, className }: { readonly text: string; readonly className?: string }) {
  return (
    <bdi dir="auto" className={className}>
      {displayText(text)}
    </bdi>
  );
}
