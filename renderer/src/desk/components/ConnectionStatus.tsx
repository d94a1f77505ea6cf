import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useTandemStore } from '../../store/useTandemStore';
import { networkName } from '../../ui/format';
import { phoneWord, socialWord, TONE_OF, type StateWord } from '../../ui/stateWords';

function Pill({ link, word }: { readonly link: string; readonly word: StateWord }) {
  const { t } = useTranslation();
  return (
    <span className="state-pill" data-tone={TONE_OF[word]}>
      <span className="connection-dot" aria-hidden="true" />
      {t('states.pill', { link, word: t(`states.word.${word}`) })}
    </span>
  );
}

/**
 * The header's links, "Phone: Registered · Bluesky: Live", in the words each
 * panel uses (ui/stateWords.ts). A polite live region: a screen reader hears
 * a link drop or return. Nothing here ticks: a retry's countdown is the
 * panel's, not the header's.
 */
export function ConnectionStatus() {
  const { t } = useTranslation();
  const { registration, connection, hasLine, connectors } = useTandemStore(
    useShallow((state) => ({
      registration: state.registration?.state ?? null,
      connection: state.connection,
      // A seat without a phone account has no line to be connected: "Not set up", never "Offline".
      hasLine: state.settings === null || state.settings.sip !== null,
      connectors: state.socialConnectors,
    })),
  );
  const phone = phoneWord(registration, connection, hasLine);
  const sameNetwork = (network: string) => connectors.filter((connector) => connector.network === network).length > 1;
  return (
    <div role="status" aria-label={t('connection.label')} className="connection" data-state={TONE_OF[phone]}>
      <Pill link={t('states.phone')} word={phone} />
      {connectors.map((connector) => (
        <span key={connector.accountId} className="state-pill-group">
          <span className="state-separator" aria-hidden="true">
            {' · '}
          </span>
          <Pill
            // Two accounts on one network are told apart by handle (the profile's, not the network's text).
            link={sameNetwork(connector.network) ? `${networkName(connector.network)} @${connector.handle}` : networkName(connector.network)}
            word={socialWord(connector.state)}
          />
        </span>
      ))}
    </div>
  );
}
