import { useTranslation } from 'react-i18next';
import { useTandemStore } from '../../store/useTandemStore';
import type { ConnectorState } from '@tandem/contract';
import { formatDuration, networkName } from '../../ui/format';
import { retryCountdown, socialWord, TONE_OF } from '../../ui/stateWords';
import { useNow } from '../../ui/useNow';
import { InertText } from '../../ui/InertText';

/** The connector's word, the header's (ui/stateWords.ts); only a due retry counts down. */
function ConnectorWord({ state, nextRetryAt }: { readonly state: ConnectorState; readonly nextRetryAt: number | null }) {
  const { t, i18n } = useTranslation();
  const word = socialWord(state);
  const now = useNow('second', word === 'retrying' && nextRetryAt !== null);
  const left = retryCountdown(word, nextRetryAt, now);
  return (
    <span className="connector-state" data-tone={TONE_OF[word]}>
      {left === null ? t(`states.word.${word}`) : left > 0 ? t('states.retryIn', { time: formatDuration(left, i18n.language) }) : t('states.retryNow')}
    </span>
  );
}

/** Each social account's connector state; a rejected app password says so plainly. `quiet`: no "no account" line (SocialRegion). */
export function ConnectorStatusList({ quiet = false }: { readonly quiet?: boolean }) {
  const { t } = useTranslation();
  const connectors = useTandemStore((state) => state.socialConnectors);
  if (connectors.length === 0) return quiet ? null : <p className="social-muted">{t('social.connector.noAccounts')}</p>;
  return (
    <ul className="connectors" aria-label={t('social.connectors')}>
      {connectors.map((connector) => (
        <li key={connector.accountId} className={`connector connector-${connector.state}`}>
          <span className="connector-account">
            {networkName(connector.network)} <InertText text={`@${connector.handle}`} />
          </span>
          <ConnectorWord state={connector.state} nextRetryAt={connector.nextRetryAt} />
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
