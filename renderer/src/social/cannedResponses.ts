/**
 * Canned responses are i18n templates (`composer.canned.<id>.text`) so they
 * follow the agent's language; these are the variables they may use.
 */
export const CANNED_RESPONSES = ['thanks', 'apology', 'moveToPrivate', 'lookingIntoIt', 'clarify'] as const;
export type CannedResponseId = (typeof CANNED_RESPONSES)[number];

export interface CannedVariables {
  /** The customer's display name, else their handle. */
  readonly customerName: string;
  /** The agent's first name. */
  readonly agentName: string;
  /** "— Ana R.": every template ends with it, so the policy check passes. */
  readonly signature: string;
  /** The brand account's handle. */
  readonly brandHandle: string;
}

export const isCannedResponseId = (value: string): value is CannedResponseId => (CANNED_RESPONSES as readonly string[]).includes(value);
