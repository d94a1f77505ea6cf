import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useTandemStore } from '../../store/useTandemStore';

/**
 * The empty desk's call to action: a seat with no phone account and no social
 * account has nothing to show, so instead of empty columns it offers the two
 * ways in, each opening Accounts at that part. A seat scripted by its profile
 * never sees it.
 */
export function FirstRunSetup() {
  const { t } = useTranslation();
  const headingId = useId();
  const empty = useTandemStore((state) => state.settings !== null && state.settings.sip === null && state.settings.social.length === 0);
  const openAccounts = useTandemStore((state) => state.openAccounts);
  if (!empty) return null;
  return (
    <section className="first-run" aria-labelledby={headingId}>
      <h2 id={headingId} className="first-run-title">
        {t('firstRun.title')}
      </h2>
      <p className="first-run-lead">{t('firstRun.lead')}</p>
      <div className="first-run-actions">
        <button type="button" className="button" onClick={() => openAccounts('phone')}>
          {t('firstRun.phone')}
        </button>
        <button type="button" className="button" onClick={() => openAccounts('bluesky')}>
          {t('firstRun.bluesky')}
        </button>
      </div>
    </section>
  );
}
