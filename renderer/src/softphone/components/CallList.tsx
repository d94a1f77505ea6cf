import { useTranslation } from 'react-i18next';
import { useTandemStore } from '../../store/useTandemStore';
import { EmptyState } from '../../ui/Region';
import { CallItem } from './CallItem';

/** The live calls, a ringing one on top. */
export function CallList() {
  const { t } = useTranslation();
  const calls = useTandemStore((state) => state.calls);
  const hasPendingDial = useTandemStore((state) => state.pendingDial !== null);
  if (calls.length === 0) return hasPendingDial ? null : <EmptyState>{t('calls.empty')}</EmptyState>;
  return (
    <ul className="calls" aria-label={t('softphone.calls.label')}>
      {calls.map((call) => (
        <CallItem key={call.id} call={call} />
      ))}
    </ul>
  );
}
