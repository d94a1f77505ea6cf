import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { HANDLED_ELSEWHERE, TEAM_CLAIM_ERRORS } from '@tandem/contract';
import { isTeamDesk, liveClaim, NOT_SHARED, type ConversationClaim } from '../claimSlice';
import { errorKeyOf } from '../../i18n/resources';
import { useTandemStore } from '../../store/useTandemStore';
import { InertText } from '../../ui/InertText';
import { useNow } from '../../ui/useNow';

const KNOWN_PROBLEMS: readonly string[] = [TEAM_CLAIM_ERRORS.solo, TEAM_CLAIM_ERRORS.offline, NOT_SHARED, HANDLED_ELSEWHERE];

/** Why a claim failed, as one of our own texts: main's `team.errors.*` keys, else the generic error for its code. */
export function ClaimProblem({ problem }: { readonly problem: string }) {
  const { t } = useTranslation();
  const key = KNOWN_PROBLEMS.includes(problem)
    ? (problem as (typeof TEAM_CLAIM_ERRORS)['offline'] | typeof NOT_SHARED | typeof HANDLED_ELSEWHERE)
    : errorKeyOf({ code: 'internal', messageKey: problem });
  return <p className="claim-problem">{t(key)}</p>;
}

/**
 * "Handled by NAME" while another agent holds the conversation: it goes when
 * their lease lapses, to the second (only a row with a lease keeps a clock).
 * The name was typed by an administrator, so it is shown as text.
 */
export function HandledBy({ claim: held }: { readonly claim: ConversationClaim | undefined }) {
  const { t } = useTranslation();
  const claim = liveClaim(held, useNow('second', held?.state === 'other' && held.leaseUntil !== null));
  if (claim?.state !== 'other' || claim.holder === null) return null;
  return <InertText className="claim-handled-by" text={t('team.claim.handledBy', { name: claim.holder })} />;
}

/**
 * Who handles the open conversation, and the agent's two moves: "Take
 * conversation" and "Release". Only a supervisor may take a conversation
 * over from another agent's live claim, after confirming (it stops their
 * reply); an agent sees the button disabled with the reason, and the
 * database would refuse them anyway. The role is the agents table's, read
 * by main for this login. A solo desk shows nothing: it has no team.
 */
export function ClaimControls({ conversationId }: { readonly conversationId: string }) {
  const { t } = useTranslation();
  const titleId = useId();
  const textId = useId();
  const reasonId = useId();
  const now = useNow('second');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const { team, supervisor, held, take, release } = useTandemStore(
    useShallow((state) => ({
      team: isTeamDesk(state),
      supervisor: state.teamSelf?.role === 'supervisor',
      held: state.claims[conversationId],
      take: state.takeConversation,
      release: state.releaseConversation,
    })),
  );
  if (!team) return null;
  const claim = liveClaim(held, now);
  const heldByOther = claim?.state === 'other';

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
            disabled={busy || confirming || (heldByOther && !supervisor)}
            aria-describedby={heldByOther && !supervisor ? reasonId : undefined}
            onClick={() => (heldByOther ? setConfirming(true) : void run(() => take(conversationId)))}
          >
            {t('team.claim.take')}
          </button>
        )}
      </div>
      {heldByOther && !supervisor && (
        <p id={reasonId} className="claim-reason">
          <InertText text={t('team.claim.supervisorOnly', { name: holder })} />
        </p>
      )}
      {confirming && supervisor && (
        <div role="alertdialog" aria-labelledby={titleId} aria-describedby={textId} className="claim-confirm">
          <h4 id={titleId} className="claim-confirm-title">
            {t('team.claim.confirm.title')}
          </h4>
          <p id={textId}>
            <InertText text={t('team.claim.confirm.supervisor', { name: holder })} />
          </p>
          <div className="claim-actions">
            <button type="button" className="button button-primary button-small" onClick={() => void run(() => take(conversationId, { takeOver: true }))}>
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
