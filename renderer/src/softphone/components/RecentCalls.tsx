import { useId, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useTandemStore } from '../../store/useTandemStore';
import { formatDuration, formatTime } from '../../ui/format';
import { dialBackTarget, partyLines } from '../partyText';

/** The last calls from the call log; picking one puts its party in the dial box. */
export function RecentCalls({ dialInputRef }: { readonly dialInputRef: RefObject<HTMLInputElement | null> }) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const recent = useTandemStore((state) => state.recentCalls);
  const setDialDraft = useTandemStore((state) => state.setDialDraft);

  return (
    <section className="recent" aria-labelledby={headingId}>
      <h3 id={headingId} className="recent-title">
        {t('callLog.title')}
      </h3>
      {recent !== null && recent.length === 0 && <p className="recent-empty">{t('callLog.empty')}</p>}
      {recent !== null && recent.length > 0 && (
        <ul className="recent-list" aria-labelledby={headingId}>
          {recent.map((entry) => {
            const { name, address } = partyLines({ displayName: entry.remoteDisplayName, number: entry.remoteNumber, uri: entry.remoteUri });
            return (
              <li key={entry.id} className="recent-item" data-outcome={entry.outcome}>
                <button
                  type="button"
                  className="recent-button"
                  onClick={() => {
                    setDialDraft(dialBackTarget({ number: entry.remoteNumber, uri: entry.remoteUri }));
                    dialInputRef.current?.focus();
                  }}
                >
                  <bdi className="recent-name" title={name} dir={address === '' ? 'ltr' : undefined}>
                    {name}
                  </bdi>
                  {address !== '' && (
                    <bdi className="recent-address" dir="ltr">
                      {address}
                    </bdi>
                  )}
                  <span className="recent-meta">
                    <span className="recent-outcome">
                      {t(`callLog.direction.${entry.direction}`)} · {t(`callLog.outcome.${entry.outcome}`)}
                    </span>
                    {/* How long they talked; a call never answered (missed, declined, cancelled) has no duration to show. */}
                    {entry.answeredAt !== null && (
                      <span className="recent-duration">
                        {t('callLog.duration', { duration: formatDuration(entry.endedAt - entry.answeredAt, i18n.language) })}
                      </span>
                    )}
                    <time className="recent-time" dateTime={new Date(entry.endedAt).toISOString()}>
                      {formatTime(entry.endedAt, i18n.language)}
                    </time>
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
