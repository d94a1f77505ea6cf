import { useTranslation } from 'react-i18next';
import { useTandemStore } from '../../store/useTandemStore';

/**
 * The team database link in the header, a polite live region named "Team":
 * the agent hears when the desk goes offline, how many of their writes
 * wait for it, and how many the database refused (kept on this desk, never
 * dropped). A solo desk (no team database) shows nothing.
 */
export function TeamStatus() {
  const { t } = useTranslation();
  const team = useTandemStore((state) => state.team);
  if (team === null || team.state === 'solo') return null;
  return (
    <div role="status" aria-label={t('team.label')} className="connection team-status" data-state={team.state}>
      <span className="connection-dot" aria-hidden="true" />
      <span className="connection-text">{team.state === 'offline' ? t('team.state.offline', { count: team.pending }) : t(`team.state.${team.state}`)}</span>
      {team.state === 'offline' && team.detail !== undefined ? <span className="team-status-detail">{t(team.detail)}</span> : null}
      {team.refused === undefined ? null : <span className="team-status-refused">{t('team.refused', { count: team.refused })}</span>}
    </div>
  );
}
