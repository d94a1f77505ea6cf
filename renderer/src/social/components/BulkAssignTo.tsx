import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useTandemStore } from '../../store/useTandemStore';
import { isSupervisorLogin } from '../bulkAssignSlice';

/**
 * "Assign selected to…" in the bulk bar, for a supervisor's login only (the
 * team database's role, not the profile's): a disclosure button that shows
 * the team's agents, each a button named by the agent. The database decides
 * each assignment (bulkAssignSlice.ts).
 */
export function BulkAssignTo() {
  const { t } = useTranslation();
  const listId = useId();
  const [open, setOpen] = useState(false);
  const { supervisor, assignees, load, assign } = useTandemStore(
    useShallow((state) => ({
      supervisor: isSupervisorLogin(state),
      assignees: state.bulkAssignees,
      load: state.loadBulkAssignees,
      assign: state.assignCheckedTo,
    })),
  );
  // Read when the bar first shows for a supervisor: a teammate added since the last time is offered.
  useEffect(() => {
    if (supervisor) void load();
  }, [supervisor, load]);
  if (!supervisor) return null;
  return (
    <>
      <button
        type="button"
        className="button button-small"
        aria-expanded={open}
        aria-controls={listId}
        disabled={assignees === null || assignees.length === 0}
        onClick={() => setOpen((was) => !was)}
      >
        {t('inbox.bulk.assignTo')}
      </button>
      {open && assignees !== null && (
        <ul id={listId} className="inbox-bulk-assignees" aria-label={t('inbox.bulk.assignTo')}>
          {assignees.map((agent) => (
            <li key={agent.id}>
              <button
                type="button"
                className="button button-quiet button-small"
                onClick={() => {
                  setOpen(false);
                  void assign(agent.id);
                }}
              >
                <bdi>{agent.name}</bdi>
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
