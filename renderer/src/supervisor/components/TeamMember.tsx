import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { InertText } from '../../ui/InertText';
import { useOnScreen } from '../../ui/useOnScreen';
import { useBoardAgent } from '../boardSelectors';
import { CallerText } from './CallerText';
import { TimeInState } from './TimeInState';

/**
 * One agent of the region "Team" as a list item: name and state in text, the
 * time in that state, and on a call the other party (CallerText: "(212)
 * 555-0123", not the SIP server's "2125550123@127.0.0.1"). It selects its own
 * agent by id, so it renders when that agent changes and at no other push of
 * the board (memo keeps the list's own renders from reaching it). Far off screen
 * the browser skips the item (`content-visibility: auto`) and its time in
 * state stops ticking until it is shown again.
 */
export const TeamMember = memo(function TeamMember({ id, callsShown }: { readonly id: string; readonly callsShown: boolean }) {
  const { t } = useTranslation();
  const agent = useBoardAgent(id);
  const [item, onScreen] = useOnScreen();
  if (agent === undefined) return null;
  return (
    <li ref={item} className="supervisor-agent" data-state={agent.state}>
      <InertText className="supervisor-agent-name" text={agent.name} />
      <span className="supervisor-agent-state">{t(`supervisor.state.${agent.state}`)}</span>
      <TimeInState since={agent.since} ticking={onScreen} />
      {agent.call === undefined ? null : (
        <span className="supervisor-agent-call">
          {t(agent.call.direction === 'outbound' ? 'supervisor.team.callTo' : 'supervisor.team.callWith')}{' '}
          {agent.call.partyName === undefined ? null : (
            <>
              <InertText text={agent.call.partyName} />{' '}
            </>
          )}
          {/* The board carries no team name for the customer (the display name above is what the caller's phone sent): the number, for the region. */}
          <CallerText party={agent.call.party} customerName={null} />
        </span>
      )}
      {callsShown && agent.callsUnknown ? <span className="supervisor-agent-unknown">{t('supervisor.team.callsUnknown')}</span> : null}
    </li>
  );
});
