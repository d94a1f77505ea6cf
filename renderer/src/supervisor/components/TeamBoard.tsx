import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useTandemStore } from '../../store/useTandemStore';
import { EmptyState, Region } from '../../ui/Region';
import { useBoardIds } from '../boardSelectors';
import { TeamMember } from './TeamMember';

/**
 * The region "Team" of the supervisor view (issue 16, items 2 and 6): every
 * agent of the team database as a list item, with their name and state in
 * text, the time in that state, and on a call the other party and the call's
 * duration. Call states come from the SIP server; the rest from the team
 * database. The SIP link's own state is said once above the list.
 *
 * The list renders when members join, leave or move; a member's change renders
 * that member's item only (TeamMember), and the clock only the times in state
 * (TimeInState): a team of 500 with 50 changes a second stays within a frame.
 */
export function TeamBoard() {
  const { t } = useTranslation();
  const { sip, problem, loadBoard } = useTandemStore(
    useShallow((state) => ({ sip: state.board?.sip ?? null, problem: state.boardProblem, loadBoard: state.loadBoard })),
  );
  const ids = useBoardIds();
  useEffect(() => {
    void loadBoard();
  }, [loadBoard]);
  const callsShown = sip !== 'unavailable';
  return (
    <Region title={t('supervisor.team.title')} className="supervisor-team">
      {problem === null ? null : (
        <p role="alert" className="supervisor-problem">
          {t(problem)}
        </p>
      )}
      {sip === null ? null : (
        <>
          <p role="status" className="supervisor-sip" data-state={sip}>
            {t(`supervisor.sip.${sip}`)}
          </p>
          {ids.length === 0 ? (
            <EmptyState>{t('supervisor.team.empty')}</EmptyState>
          ) : (
            <ul className="supervisor-agents">
              {ids.map((id) => (
                <TeamMember key={id} id={id} callsShown={callsShown} />
              ))}
            </ul>
          )}
        </>
      )}
    </Region>
  );
}
