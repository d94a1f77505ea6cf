import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useTandemStore } from '../../store/useTandemStore';

/**
 * What the agent does to the ticked conversations at once: close them, or
 * take them (on a team desk through the team's claims, so the database
 * decides who gets each). Shown only while something is ticked.
 */
export function InboxBulkBar() {
  const { t } = useTranslation();
  const { count, closeChecked, assignCheckedToMe, clear } = useTandemStore(
    useShallow((state) => ({
      count: state.inboxChecked.size,
      closeChecked: state.closeChecked,
      assignCheckedToMe: state.assignCheckedToMe,
      clear: state.clearInboxChecked,
    })),
  );
  if (count === 0) return null;
  return (
    <div className="inbox-bulk" role="group" aria-label={t('inbox.bulk.label')}>
      <span className="inbox-bulk-count">{t('inbox.bulk.count', { count })}</span>
      <button type="button" className="button button-small" onClick={() => void closeChecked()}>
        {t('inbox.bulk.close')}
      </button>
      <button type="button" className="button button-small" onClick={() => void assignCheckedToMe()}>
        {t('inbox.bulk.assign')}
      </button>
      <button type="button" className="button button-quiet button-small" onClick={clear}>
        {t('inbox.bulk.clear')}
      </button>
    </div>
  );
}
