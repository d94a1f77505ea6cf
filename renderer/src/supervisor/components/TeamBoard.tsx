import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { BoardAgent } from '@tandem/contract';
import { useTandemStore } from '../../store/useTandemStore';
import { formatDuration } from '../../ui/format';
import { InertText } from '../../ui/InertText';
import { EmptyState, Region } from '../../ui/Region';
import { useNow } from '../../ui/useNow';

/**
 * The region "Team" of the supervisor view (issue 16, items 2 and 6): every
 * agent of the team database as a list item, with their name and state in
 * text, the time in that state, and on a call the other party and the call's
 * duration. Call states come from the SIP server; the rest from the team
 * database. The SIP link's own state is said once above the list.
 */
export function TeamBoard() {
  const { t } = useTranslation();
  const { board, problem, loadBoard } = useTandemStore(
    useShallow((state) => ({ board: state.board, problem: state.boardProblem, loadBoard: state.loadBoard })),
  );
  useEffect(() => {
    void loadBoard();
  }, [loadBoard]);
  const now = useNow('second');
  return (
    <Region title={t('supervisor.team.title')} className="supervisor-team">
      {problem === null ? null : (
        <p role="alert" className="supervisor-problem">
          {t(problem)}
        </p>
      )}
      {board === null ? null : (
        <>
          <p role="status" className="supervisor-sip" data-state={board.sip}>
            {t(`supervisor.sip.${board.sip}`)}
          </p>
          {board.agents.length === 0 ? (
            <EmptyState>{t('supervisor.team.empty')}</EmptyState>
          ) : (
            <ul className="supervisor-agents">
              {board.agents.map((agent) => (
                <AgentItem key={agent.id} agent={agent} now={now} callsShown={board.sip !== 'unavailable'} />
              ))}
            </ul>
          )}
        </>
      )}
    </Region>
  );
}

function AgentItem({ agent, now, callsShown }: { readonly agent: BoardAgent; readonly now: number; readonly callsShown: boolean }) {
  const { t, i18n } = useTranslation();
  const elapsed = formatDuration(now - agent.since, i18n.language);
  return (
    <li className="supervisor-agent" data-state={agent.state}>
      <InertText className="supervisor-agent-name" text={agent.name} />
      <span className="supervisor-agent-state">{t(`supervisor.state.${agent.state}`)}</span>
      <span className="supervisor-agent-time">{t('supervisor.team.inState', { time: elapsed })}</span>
      {agent.call === undefined ? null : (
        <span className="supervisor-agent-call">
          {t(agent.call.direction === 'outbound' ? 'supervisor.team.callTo' : 'supervisor.team.callWith')}{' '}
          {agent.call.partyName === undefined ? null : (
            <>
              <InertText text={agent.call.partyName} />{' '}
            </>
          )}
          <InertText dir="ltr" text={agent.call.party.replace(/^sips?:/, '')} />
        </span>
      )}
      {callsShown && agent.callsUnknown ? <span className="supervisor-agent-unknown">{t('supervisor.team.callsUnknown')}</span> : null}
    </li>
  );
}
