import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { CONVERSATION_STATUSES, type Conversation, type ConversationStatus } from '../socialTables';
import { isTeamDesk } from '../claimSlice';
import { useTandemStore } from '../../store/useTandemStore';

/**
 * The open conversation's status and, on a solo desk, "Assign to me" (a team
 * desk takes a conversation with the claim controls beside this, so the
 * database decides). These used to sit on every inbox row; they live here and
 * in the bulk bar so a row stays one glance tall.
 */
export function ConversationActions({ conversation }: { readonly conversation: Conversation }) {
  const { t } = useTranslation();
  const { team, setStatus, assignToMe } = useTandemStore(
    useShallow((state) => ({ team: isTeamDesk(state), setStatus: state.setConversationStatus, assignToMe: state.assignToMe })),
  );
  return (
    <div className="conversation-actions">
      <label className="field field-inline">
        <span className="field-label">{t('inbox.status.label')}</span>
        <select
          className="field-select conv-status"
          value={conversation.status}
          onChange={(event) => void setStatus(conversation.id, event.target.value as ConversationStatus)}
        >
          {CONVERSATION_STATUSES.map((status) => (
            <option key={status} value={status}>
              {t(`inbox.status.${status}`)}
            </option>
          ))}
        </select>
      </label>
      {team ? null : conversation.assignedToMe ? (
        <span className="conv-assigned">
          {t('inbox.assigned')}{' '}
          <button type="button" className="button button-quiet button-small" onClick={() => void assignToMe(conversation.id, false)}>
            {t('inbox.unassign')}
          </button>
        </span>
      ) : (
        <button type="button" className="button button-small" onClick={() => void assignToMe(conversation.id, true)}>
          {t('inbox.assign')}
        </button>
      )}
    </div>
  );
}
