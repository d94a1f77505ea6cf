import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useTandemStore } from '../../store/useTandemStore';
import { softphoneErrorKey } from '../errorKeys';

/** Why the last call did not go through (busy, rejected, failed), until the agent dismisses it or dials again. */
export function EndedNotice() {
  const { t } = useTranslation();
  const { notice, dismiss } = useTandemStore(useShallow((state) => ({ notice: state.endedNotice, dismiss: state.dismissEndedNotice })));
  if (notice === null) return null;
  return (
    <div role="alert" className="inline-error ended-notice">
      <span>{notice.reasonKey === null ? t(`softphone.ended.${notice.outcome}`) : t(softphoneErrorKey(notice.reasonKey))}</span>
      <button type="button" className="button button-quiet button-small" onClick={dismiss}>
        {t('softphone.actions.dismiss')}
      </button>
    </div>
  );
}
