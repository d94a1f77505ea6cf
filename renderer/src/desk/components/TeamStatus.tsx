import { useTranslation } from 'react-i18next';
import { useTandemStore } from '../../store/useTandemStore';
import { teamWord, TONE_OF } from '../../ui/stateWords';

/**
 * The team database link in the header, a polite live region named "Team",
 * in the desk's one vocabulary ("Team: Connected", ui/stateWords.ts): the
 * agent hears when the desk goes offline, how many of their writes wait for
 * it, and how many the database refused (kept on this desk, never dropped).
 * A solo desk (no team database) shows nothing.
 */
export function TeamStatus() {
  const { t } = useTranslation();
  const team = useTandemStore((state) => state.team);
  const word = team === null ? null : teamWord(team.state);
  if (team === null || word === null) return null;
  return (
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
  );
}
