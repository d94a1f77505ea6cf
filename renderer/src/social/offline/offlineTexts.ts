import type { TFunction } from 'i18next';
import { LANGUAGES, type Language } from '@tandem/contract';
import { checkReply, signatureOf, type PolicyIssue } from '../brandPolicy';

/**
 * What "Take offline" (issue 15) posts and sends, before the agent edits it:
 * templates in the conversation's language (not the desk's: the customer
 * reads them), each checked against the brand policy like every reply.
 */
export interface OfflineTexts {
  /** Posted in the customer's thread: "We've sent you a private message, @handle". */
  readonly acknowledgement: string;
  /** Sent privately: offers a call back and asks for a number. */
  readonly privateMessage: string;
  /** Posted instead of the acknowledgement when no private message can go: asks the customer to message the brand. */
  readonly invitation: string;
}

/** The language the customer wrote in, when the desk ships it ("pt" reads as pt-BR); else the desk's own. */
export function caseLanguage(written: string | null | undefined, deskLanguage: Language): Language {
  if (written === null || written === undefined) return deskLanguage;
  if (written === 'pt' || written.startsWith('pt-')) return 'pt-BR';
  const primary = written.split('-')[0] ?? '';
  return (LANGUAGES as readonly string[]).includes(primary) ? (primary as Language) : deskLanguage;
}

export function offlineTexts(t: TFunction, { handle, brandHandle, agentName }: { handle: string; brandHandle: string; agentName: string }): OfflineTexts {
  const vars = { handle, brandHandle, signature: signatureOf(agentName) };
  return {
    acknowledgement: t('offline.templates.acknowledgement', vars),
    privateMessage: t('offline.templates.privateMessage', vars),
    invitation: t('offline.templates.invitation', vars),
  };
}

/** The policy issues of both texts; `privateMessage` null when none is sent. Empty lists mean "Post and send" may go. */
export function checkOfflineTexts(
  texts: { acknowledgement: string; privateMessage: string | null },
  limits: { publicMaxGraphemes: number; privateMaxGraphemes: number; agentName: string },
): { acknowledgement: PolicyIssue[]; privateMessage: PolicyIssue[] } {
  return {
    acknowledgement: checkReply(texts.acknowledgement, { maxGraphemes: limits.publicMaxGraphemes, agentName: limits.agentName }),
    privateMessage:
      texts.privateMessage === null ? [] : checkReply(texts.privateMessage, { maxGraphemes: limits.privateMaxGraphemes, agentName: limits.agentName }),
  };
}
