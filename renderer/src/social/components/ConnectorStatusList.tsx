import { useTranslation } from 'react-i18next';
import { useTandemStore } from '../../store/useTandemStore';
import { networkName } from '../../ui/format';
import { InertText } from '../../ui/InertText';

/** Each social account's connector state; a rejected app password says so plainly. */
export function ConnectorStatusList() {
  const { t } = useTranslation();
  const connectors = useTandemStore((state) => state.socialConnectors);
  if (connectors.length === 0) return <p className="social-muted">{t('social.connector.noAccounts')}</p>;
  return (
    <ul className="connectors" aria-label={t('social.connectors')}>
      {connectors.map((connector) => (
        <li key={connector.accountId} className={`connector connector-${connector.state}`}>
          <span className="connector-account">
            {networkName(connector.network)} <InertText text={`@${connector.handle}`} />
          </span>
          <span className="connector-state">{t(`social.connector.state.${connector.state}`)}</span>
          {connector.state === 'credentials-rejected' && (
            <p role="alert" className="connector-alert">
              {t('social.connector.credentialsRejected', { network: networkName(connector.network) })}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}
