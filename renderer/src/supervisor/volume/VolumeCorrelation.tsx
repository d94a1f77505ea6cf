import { useTranslation } from 'react-i18next';
import { VOLUME_INTERVAL_MS } from '@tandem/contract';
import { formatCorrelation, formatLag } from '../../ui/format';
import type { VolumeSummary } from './volumeSummary';

/**
 * The day's correlation of mentions and calls in words: in the same quarter
 * hour, and at the lag where it is highest (calls after mentions, or before).
 */
export function VolumeCorrelation({ summary }: { readonly summary: VolumeSummary }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const { sameInterval, best } = summary;
  if (sameInterval === null && best === null) {
    return <p className="volume-correlation">{t('supervisor.volume.noCorrelation')}</p>;
  }
  const lagMinutes = best === null ? 0 : (Math.abs(best.lag) * VOLUME_INTERVAL_MS) / 60_000;
  return (
    <dl className="volume-correlation">
      {sameInterval === null ? null : (
        <div>
          <dt>{t('supervisor.volume.correlation')}</dt>
          <dd>{formatCorrelation(sameInterval, language)}</dd>
        </div>
      )}
      {best === null ? null : (
        <div>
          <dt>{t('supervisor.volume.bestLag')}</dt>
          <dd>
            {best.lag === 0
              ? t('supervisor.volume.lagSame', { r: formatCorrelation(best.r, language) })
              : t(best.lag > 0 ? 'supervisor.volume.lagAfter' : 'supervisor.volume.lagBefore', {
                  r: formatCorrelation(best.r, language),
                  time: formatLag(lagMinutes, language),
                })}
          </dd>
        </div>
      )}
    </dl>
  );
}
