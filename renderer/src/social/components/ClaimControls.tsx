import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { TEAM_CLAIM_ERRORS } from '@tandem/contract';
import { isTeamDesk, type ConversationClaim } from '../claimSlice';
import { errorKeyOf } from '../../i18n/resources';
import { useTandemStore } from '../../store/useTandemStore';
import { InertText } from '../../ui/InertText';

const KNOWN_PROBLEMS: readonly string[] = [TEAM_CLAIM_ERRORS.solo, TEAM_CLAIM_ERRORS.offline];

/** Why a claim failed, as one of our own texts: main's `team.errors.*` keys, else the generic error for its code. */
export function ClaimProblem({ problem }: { readonly problem: string }) {
  const { t } = useTranslation();
  const key = KNOWN_PROBLEMS.includes(problem) ? (problem as (typeof TEAM_CLAIM_ERRORS)['offline']) : errorKeyOf({ code: 'internal', messageKey: problem });
  return <p className="claim-problem">{t(key)}</p>;
}

/** "Handled by NAME" when another agent holds the conversation (a name typed by an administrator: shown as text). */
export function HandledBy({ claim }: { readonly claim: ConversationClaim | undefined }) {
  const { t } = useTranslation();
  if (claim?.state !== 'other' || claim.holder === null) return null;
  return <InertText className="claim-handled-by" text={t('team.claim.handledBy', { name: claim.holder })} />;
}

/**
 * Who handles the open conversation, and the agent's two moves: "Take
 * conversation" and "Release". Taking it from another agent's live claim
 * asks first, since it stops their reply; only a supervisor's take-over can
 * succeed then (the database refuses an agent's, naming the holder). A solo
 * desk shows nothing: it has no team to share the conversation with.
 */
export function ClaimControls({ conversationId }: { readonly conversationId: string }) {
  const { t } = useTranslation();
  const titleId = useId();
  const textId = useId();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const { team, supervisor, claim, take, release } = useTandemStore(
    useShallow((state) => ({
      team: isTeamDesk(state),
      supervisor: state.settings?.agent.role === 'supervisor',
      claim: state.claims[conversationId],
      take: state.takeConversation,
      release: state.releaseConversation,
    })),
  );
  if (!team) return null;

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setConfirming(false);
    await action();
    setBusy(false);
  };
  const holder = claim?.holder ?? '';

  return (
    <div className="claim" role="group" aria-label={t('team.claim.label')}>
      {claim?.state === 'mine' && <p className="claim-mine">{t('team.claim.mine')}</p>}
      <HandledBy claim={claim} />
      {claim?.problem != null && <ClaimProblem problem={claim.problem} />}
      <div className="claim-actions">
        {claim?.state === 'mine' ? (
          <button type="button" className="button button-small" disabled={busy} onClick={() => void run(() => release(conversationId))}>
            {t('team.claim.release')}
          </button>
        ) : (
          <button
            type="button"
            className="button button-small"
            disabled={busy || confirming}
            onClick={() => (claim?.state === 'other' ? setConfirming(true) : void run(() => take(conversationId)))}
          >
            {t('team.claim.take')}
          </button>
        )}
      </div>
      {confirming && (
        <div role="alertdialog" aria-labelledby={titleId} aria-describedby={textId} className="claim-confirm">
          <h4 id={titleId} className="claim-confirm-title">
            {t('team.claim.confirm.title')}
          </h4>
          <p id={textId}>
            <InertText text={t(supervisor ? 'team.claim.confirm.supervisor' : 'team.claim.confirm.agent', { name: holder })} />
          </p>
          <div className="claim-actions">
            <button type="button" className="button button-primary button-small" onClick={() => void run(() => take(conversationId, { takeOver: supervisor }))}>
              {t('team.claim.confirm.accept')}
            </button>
            <button type="button" className="button button-small" onClick={() => setConfirming(false)}>
              {t('team.claim.confirm.cancel')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
