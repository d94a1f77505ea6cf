import { Trans, useTranslation } from 'react-i18next';
import { useTandemStore } from '../store/useTandemStore';
import { EmptyState, Region } from './Region';

export function CallsRegion() {
  const { t } = useTranslation();
  const pendingDial = useTandemStore((state) => state.pendingDial);
  return (
    <Region title={t('calls.title')} className="panel-calls">
      {pendingDial === null ? (
        <EmptyState>{t('calls.empty')}</EmptyState>
      ) : (
        <p className="pending-dial">
          {/* The target comes from a link anyone could craft: Trans escapes it, <bdi> isolates its direction. */}
          <Trans i18nKey="calls.readyToCall" values={{ target: pendingDial }} components={{ target: <bdi className="dial-target" /> }} />
        </p>
      )}
    </Region>
  );
}
