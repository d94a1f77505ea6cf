import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useTandemStore } from '../../store/useTandemStore';
import { BulkAssignTo } from './BulkAssignTo';

/**
 * What the agent does to the ticked conversations at once: close them, or
 * take them (on a team desk through the team's claims, so the database
 * decides who gets each), or, for a supervisor, assign them to a teammate.
 * Shown only while something is ticked, or while it says some assignments
 * were refused.
 */
export function InboxBulkBar() {
  const { t } = useTranslation();
  const { count, refused, closeChecked, assignCheckedToMe, clear } = useTandemStore(
    useShallow((state) => ({
      count: state.inboxChecked.size,
      refused: state.bulkAssignRefused,
      closeChecked: state.closeChecked,
      assignCheckedToMe: state.assignCheckedToMe,
      clear: state.clearInboxChecked,
    })),
  );
  const refusedNotice = refused > 0 && (
    <p className="inbox-bulk-refused" role="status">
      {t('inbox.bulk.assignRefused')}
    </p>
  );
  if (count === 0) return refusedNotice === false ? null : refusedNotice;
  return (
    <div className="inbox-bulk" role="group" aria-label={t('inbox.bulk.label')}>
      <span className="inbox-bulk-count">{t('inbox.bulk.count', { count })}</span>
      <button type="button" className="button button-small" onClick={() => void closeChecked()}>
        {t('inbox.bulk.close')}
      </button>
      <button type="button" className="button button-small" onClick={() => void assignCheckedToMe()}>
        {t('inbox.bulk.assign')}
      </button>
      <BulkAssignTo />
      <button type="button" className="button button-quiet button-small" onClick={clear}>
        {t('inbox.bulk.clear')}
      </button>
      {refusedNotice}
    </div>
  );
}
