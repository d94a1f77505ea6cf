import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PolicyIssue } from '../brandPolicy';

/**
 * What the brand policy says against a text, wherever the agent writes one to
 * a customer (the reply composer, the take-offline dialog, the private
 * message from a call): each problem named so the agent knows what to change.
 */

/** One policy problem in words. */
export function IssueText({ issue, network }: { readonly issue: PolicyIssue; readonly network: string }) {
  const { t } = useTranslation();
  switch (issue.kind) {
    case 'empty':
      return t('composer.issues.empty');
    case 'tooLong':
      return t('composer.issues.tooLong', { count: issue.count, max: issue.max, network });
    case 'banned':
      return t('composer.issues.banned', { phrase: issue.phrase });
    case 'missingSignature':
      return t('composer.issues.missingSignature', { signature: issue.signature });
  }
}

/**
 * Where the problems stand: quiet while the agent types (no role, so nothing
 * is announced at every key), an alert once a send was refused for them.
 */
export function IssuesBox({ id, refused, children }: { readonly id?: string; readonly refused: boolean; readonly children: ReactNode }) {
  return (
    <div id={id} role={refused ? 'alert' : undefined} className={refused ? 'composer-issues composer-issues-refused' : 'composer-issues'}>
      {children}
    </div>
  );
}

/** A titled list of the problems; `children` go first (a problem that is not the text's, such as no one to send to). */
export function IssueList({
  title,
  issues,
  network,
  children,
}: {
  readonly title: string;
  readonly issues: readonly PolicyIssue[];
  readonly network: string;
  readonly children?: ReactNode;
}) {
  return (
    <>
      <strong>{title}</strong>
      <ul>
        {children}
        {issues.map((issue) => (
          <li key={issue.kind === 'banned' ? `banned-${issue.phrase}` : issue.kind}>
            <IssueText issue={issue} network={network} />
          </li>
        ))}
      </ul>
    </>
  );
}
