import { useTranslation } from 'react-i18next';
import { useTandemStore } from '../../store/useTandemStore';
import { CallToAction } from '../../ui/CallToAction';

/**
 * The social column of a seat that has a phone but no social account (issue 12 §2): one call to action
 * in place of the inbox's, the accounts' and listening's "nothing here" texts, which would otherwise say
 * the same thing three times. It offers the two honest ways out: connect an account, or make this a
 * phone-only seat by hiding the column (Accounts → "Show the social column" brings it back).
 */
export function ConnectSocialPrompt() {
  const { t } = useTranslation();
  const openConnectBluesky = useTandemStore((state) => state.openConnectBluesky);
  const setSocialColumn = useTandemStore((state) => state.setSocialColumn);
  return (
    <CallToAction level={3} className="social-connect" title={t('social.connect.title')} lead={t('social.connect.lead')}>
      <button type="button" className="button" aria-haspopup="dialog" onClick={() => openConnectBluesky(true)}>
        {t('social.connect.bluesky')}
      </button>
      <button type="button" className="button button-quiet" onClick={() => void setSocialColumn('hidden')}>
        {t('social.connect.hide')}
      </button>
    </CallToAction>
  );
}
