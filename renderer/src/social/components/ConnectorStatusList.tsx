import { useTranslation } from 'react-i18next';
import { useTandemStore } from '../../store/useTandemStore';
import type { ConnectorState } from '@tandem/contract';
import { formatDuration, networkName } from '../../ui/format';
import { retryCountdown, socialWord, TONE_OF } from '../../ui/stateWords';
import { useNow } from '../../ui/useNow';
import { InertText } from '../../ui/InertText';
import { socialErrorKey } from './SocialProblemAlert';

/**
 * Why a connector is retrying, in the agent's words: main's `social.errors.*` keys (the network
 * unreachable, rate limited…), or the storage problem a delivery the journal refused reports (a
 * full disk: waiting will not fix that one, someone has to). Anything else reads as unknown.
 */
function retryReasonKey(key: string) {
  return key === 'social.problems.storage' ? key : socialErrorKey(key);
}

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

/** Each social account's connector state, and why it is retrying; a rejected app password says so plainly. `quiet`: no "no account" line (SocialRegion). */
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
          {connector.state === 'backoff' && connector.lastErrorKey !== null && (
            <span className="social-muted connector-reason">{t(retryReasonKey(connector.lastErrorKey))}</span>
          )}
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
