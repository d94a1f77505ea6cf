import { countGraphemes, firstGrapheme } from './graphemes';

/**
 * The brand's rules for what an agent may post. Kept as data with defaults
 * here so a team can tune it without touching the composer; the checks below
 * are pure and run on every keystroke and again right before a send.
 */
export interface BrandPolicy {
  /** Words and phrases never to post, matched case-insensitively on word boundaries. */
  readonly bannedPhrases: readonly string[];
  /** Every reply ends with the agent's own signature ("— Ana R."). */
  readonly requireSignature: boolean;
}

export const DEFAULT_BRAND_POLICY: BrandPolicy = {
  bannedPhrases: [
    // Promises the brand can't keep in public.
    'guarantee',
    'guaranteed',
    'we promise',
    'free of charge',
    'compensation',
    'lawsuit',
    'legal action',
    // Blame and dismissal.
    'calm down',
    'your fault',
    'not our problem',
    'not my problem',
    'obviously',
    // Insults, whoever started it.
    'stupid',
    'idiot',
    'dumb',
    'shut up',
  ],
  requireSignature: true,
};

export type PolicyIssue =
  | { readonly kind: 'empty' }
  | { readonly kind: 'tooLong'; readonly count: number; readonly max: number }
  | { readonly kind: 'banned'; readonly phrase: string }
  | { readonly kind: 'missingSignature'; readonly signature: string };

export interface PolicyContext {
  /** The network's limit (`capabilities.maxGraphemes`). */
  readonly maxGraphemes: number;
  /** From settings `agent.name`. */
  readonly agentName: string;
  readonly policy?: BrandPolicy;
}

/** "first name + last initial": "Ana Ruiz" → "Ana R.", "María José García" → "María G.", "Cher" → "Cher". */
export function signatureName(agentName: string): string {
  const parts = agentName
    .trim()
    .split(/\s+/u)
    .filter((part) => part !== '');
  const first = parts[0] ?? '';
  const last = parts.length > 1 ? parts[parts.length - 1] : undefined;
  return last === undefined ? first : `${first} ${firstGrapheme(last).toLocaleUpperCase()}.`;
}

/** The signature line a reply must end with. */
export function signatureOf(agentName: string): string {
  return `— ${signatureName(agentName)}`;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const normalise = (text: string) => text.normalize('NFKC').toLocaleLowerCase();

/** Banned phrases found in `text`, each once, in policy order. */
export function bannedPhrasesIn(text: string, bannedPhrases: readonly string[]): string[] {
  const haystack = normalise(text);
  return bannedPhrases.filter((phrase) => {
    const needle = normalise(phrase).trim().split(/\s+/u).map(escapeRegExp).join('\\s+');
    if (needle === '') return false;
    // Letters and digits of any script count as part of a word, so "dumbbell" is not "dumb".
    // eslint-disable-next-line security/detect-non-literal-regexp -- built from escaped policy text
    return new RegExp(`(?<![\\p{L}\\p{N}])${needle}(?![\\p{L}\\p{N}])`, 'u').test(haystack);
  });
}

/** True when the reply's last line is the signature, with any dash (—, –, -) before the name. */
export function hasSignature(text: string, agentName: string): boolean {
  const name = signatureName(agentName);
  if (name === '') return true;
  const lastLine = text.trimEnd().split('\n').pop() ?? '';
  // eslint-disable-next-line security/detect-non-literal-regexp -- built from the escaped agent name
  return new RegExp(`(^|\\s)[—–-]\\s*${escapeRegExp(name)}$`, 'u').test(lastLine.trim());
}

/** Appends the signature on its own line, unless it is already there. */
export function withSignature(text: string, agentName: string): string {
  if (hasSignature(text, agentName)) return text;
  const body = text.trimEnd();
  return body === '' ? signatureOf(agentName) : `${body}\n${signatureOf(agentName)}`;
}

/** Everything that stops this reply going out; empty means it may be sent. */
export function checkReply(text: string, { maxGraphemes, agentName, policy = DEFAULT_BRAND_POLICY }: PolicyContext): PolicyIssue[] {
  if (text.trim() === '') return [{ kind: 'empty' }];
  const issues: PolicyIssue[] = [];
  const count = countGraphemes(text);
  if (count > maxGraphemes) issues.push({ kind: 'tooLong', count, max: maxGraphemes });
  for (const phrase of bannedPhrasesIn(text, policy.bannedPhrases)) issues.push({ kind: 'banned', phrase });
  if (policy.requireSignature && !hasSignature(text, agentName)) issues.push({ kind: 'missingSignature', signature: signatureOf(agentName) });
  return issues;
}
