import type { RefusedTeamWrite, TeamWrite } from '@tandem/contract';

/**
 * How the Team dialog names a write the team database refused for good
 * (contract/teamRefused.ts): what it was, in the agent's words, the text it
 * carried (a note's words, a customer's name, a number), and why it was
 * refused, from the SQLSTATE main kept (never the server's own message).
 */

/** i18n key of what the write was. */
export const refusedWhatKey = (write: TeamWrite): `team.refusedDialog.what.${TeamWrite['kind']}` => `team.refusedDialog.what.${write.kind}`;

/** The text the write carried, as the agent wrote it; `ltr` for a phone number or SIP address. Null when it carried none. */
export function refusedDetail(write: TeamWrite): { readonly text: string; readonly ltr: boolean } | null {
  switch (write.kind) {
    case 'customer':
    case 'customerRename':
      return { text: write.name, ltr: false };
    case 'note':
      return { text: write.text, ltr: false };
    case 'call':
      return write.summary.trim() === '' ? (write.wrapUpCode === null ? null : { text: write.wrapUpCode, ltr: false }) : { text: write.summary, ltr: false };
    case 'identityLink':
      return { text: write.value, ltr: write.identityKind === 'phone' || write.identityKind === 'sip' };
    case 'identityUnlink':
    case 'customerMerge':
      return null;
  }
}

export const REFUSED_WHY_KEYS = [
  'team.refusedDialog.why.notAllowed',
  'team.refusedDialog.why.missingRow',
  'team.refusedDialog.why.brokenRule',
  'team.refusedDialog.why.badData',
  'team.refusedDialog.why.other',
] as const;
export type RefusedWhyKey = (typeof REFUSED_WHY_KEYS)[number];

/**
 * Why, by SQLSTATE: 42501 is row-level security or a missing grant (this agent
 * may not make that change), 23503 a row it names is not in the team database
 * (a note about a customer nobody shared), the rest of class 23 another rule
 * of the team's, class 22 a value the database cannot store.
 */
export function refusedWhyKey(code: string): RefusedWhyKey {
  if (code === '42501') return 'team.refusedDialog.why.notAllowed';
  if (code === '23503') return 'team.refusedDialog.why.missingRow';
  if (code.startsWith('23')) return 'team.refusedDialog.why.brokenRule';
  if (code.startsWith('22')) return 'team.refusedDialog.why.badData';
  return 'team.refusedDialog.why.other';
}

/** A row's key: the same write may have been refused twice (a call's edits). */
export const refusedKey = (refused: RefusedTeamWrite): string => `${refused.write.id}@${refused.at}`;
