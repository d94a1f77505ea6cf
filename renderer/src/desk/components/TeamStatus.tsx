import { useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useTandemStore } from '../../store/useTandemStore';
import { TeamRefusedDialog } from './TeamRefusedDialog';
import { teamWord, TONE_OF } from '../../ui/stateWords';

/**
 * The team database link in the header, a polite live region named "Team",
 * in the desk's one vocabulary ("Team: Connected", ui/stateWords.ts): the
 * agent hears when the desk goes offline, how many of their writes wait for
 * it, and how many the database refused (kept on this desk, never dropped).
 * Beside it, when any were refused, a "N changes refused" button opens their
 * list (TeamRefusedDialog). A solo desk (no team database) shows nothing.
 */
export function TeamStatus() {
  const { t } = useTranslation();
  const dialogId = useId();
  const openerRef = useRef<HTMLButtonElement>(null);
  const team = useTandemStore((state) => state.team);
  const refusedOpen = useTandemStore((state) => state.teamRefused.open);
  const openRefused = useTandemStore((state) => state.openTeamRefused);
  const closeRefused = useTandemStore((state) => state.closeTeamRefused);
  const word = team === null ? null : teamWord(team.state);
  if (team === null || word === null) return null;
  const close = () => {
    closeRefused();
    openerRef.current?.focus();
  };
  return (
    <div className="team-status-area">
      <div role="status" aria-label={t('team.label')} className="connection team-status" data-state={team.state} data-tone={TONE_OF[word]}>
        <span className="connection-dot" aria-hidden="true" />
        <span className="connection-text">{t('states.pill', { link: t('states.team'), word: t(`states.word.${word}`) })}</span>
        {team.state === 'offline' && team.pending > 0 ? (
          <span className="team-status-detail">
            <span className="state-separator">{' · '}</span>
            {t('states.teamPending', { count: team.pending })}
          </span>
        ) : null}
        {team.state === 'offline' && team.detail !== undefined ? <span className="team-status-detail">{t(team.detail)}</span> : null}
        {team.refused === undefined ? null : <span className="team-status-refused">{t('team.refused', { count: team.refused })}</span>}
      </div>
      {/* Open while the last one is dealt with: the list then says so, rather than vanishing under the agent's hand. */}
      {team.refused === undefined && !refusedOpen ? null : (
        <button
          ref={openerRef}
          type="button"
          className="button button-small team-status-refused-open"
          aria-haspopup="dialog"
          aria-expanded={refusedOpen}
          aria-controls={refusedOpen ? dialogId : undefined}
          onClick={() => (refusedOpen ? close() : void openRefused())}
        >
          {t('team.refusedOpen', { count: team.refused ?? 0 })}
        </button>
      )}
      {refusedOpen ? <TeamRefusedDialog id={dialogId} onClose={close} /> : null}
    </div>
  );
}
