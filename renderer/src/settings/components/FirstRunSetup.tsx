import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useTandemStore } from '../../store/useTandemStore';
import { deskIsEmptyOf } from '../settingsSelectors';

/**
 * The empty desk's call to action: a seat with no phone account and no social
 * account has nothing to show, so instead of empty columns it offers the two
 * ways in: Accounts at the phone form, or the "Connect Bluesky" dialog. A seat
 * scripted by its profile never sees it.
 */
export function FirstRunSetup() {
  const { t } = useTranslation();
  const headingId = useId();
  const empty = useTandemStore(deskIsEmptyOf);
  const openAccounts = useTandemStore((state) => state.openAccounts);
  const openConnectBluesky = useTandemStore((state) => state.openConnectBluesky);
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
        <button type="button" className="button" aria-haspopup="dialog" onClick={() => openConnectBluesky(true)}>
          {t('firstRun.bluesky')}
        </button>
      </div>
    </section>
  );
}
