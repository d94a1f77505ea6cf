import { useTranslation } from 'react-i18next';
import { useTandemStore } from '../../store/useTandemStore';
import { CallToAction } from '../../ui/CallToAction';
import { deskIsEmptyOf } from '../settingsSelectors';

/**
 * The empty desk's call to action: a seat with no phone account and no social
 * account has nothing to show, so instead of empty columns it offers the two
 * ways in: Accounts at the phone form, or the "Connect Bluesky" dialog. A seat
 * scripted by its profile never sees it.
 */
export function FirstRunSetup() {
  const { t } = useTranslation();
  const empty = useTandemStore(deskIsEmptyOf);
  const openAccounts = useTandemStore((state) => state.openAccounts);
  const openConnectBluesky = useTandemStore((state) => state.openConnectBluesky);
  if (!empty) return null;
  return (
    <CallToAction level={2} title={t('firstRun.title')} lead={t('firstRun.lead')}>
      <button type="button" className="button" onClick={() => openAccounts('phone')}>
        {t('firstRun.phone')}
      </button>
      <button type="button" className="button" aria-haspopup="dialog" onClick={() => openConnectBluesky(true)}>
        {t('firstRun.bluesky')}
      </button>
    </CallToAction>
  );
}
