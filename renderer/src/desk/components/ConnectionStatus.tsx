import { useTranslation } from 'react-i18next';
import { useTandemStore } from '../../store/useTandemStore';

/** A polite live region: a screen reader announces when the connection drops or returns. */
export function ConnectionStatus() {
  const { t } = useTranslation();
  const connection = useTandemStore((state) => state.connection);
  // A seat without a phone account is not "offline": there is simply no line to be connected.
  const noLine = useTandemStore((state) => state.settings !== null && state.settings.sip === null);
  const shown = noLine ? 'none' : connection;
  return (
    <div role="status" aria-label={t('connection.label')} className="connection" data-state={shown}>
      <span className="connection-dot" aria-hidden="true" />
      <span className="connection-text">{t(`connection.state.${shown}`)}</span>
    </div>
  );
}
