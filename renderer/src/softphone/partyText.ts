import type { Party } from '@tandem/contract';

/** Longer than any real name or number; beyond it text from the network is cut before it reaches the DOM. */
export const MAX_PARTY_CHARS = 256;

// Bidi controls (embeddings, overrides, isolates, marks) and C0/C1 controls: they can make a
// name read backwards ("exe.live") or hide text. <bdi> isolates direction; this removes spoofing.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Text from the network made safe to show as text: controls removed, length capped. */
export function displayText(text: string, max = MAX_PARTY_CHARS): string {
  const clean = text.replace(UNSAFE, '');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** The party's name line and number line ('' when absent), as plain text. */
export function partyLines(party: Pick<Party, 'displayName' | 'number' | 'uri'>): { name: string; address: string } {
  const name = displayText(party.displayName.trim());
  const address = displayText(party.number ?? party.uri.replace(/^sips?:/, ''));
  return name === '' ? { name: address, address: '' } : { name, address };
}

/** What goes in the dial box to call this party back. */
export const dialBackTarget = (party: Pick<Party, 'number' | 'uri'>): string => party.number ?? party.uri;
