import { useTranslation } from 'react-i18next';
import { useTandemStore } from '../store/useTandemStore';

/** A polite live region: a screen reader announces when the connection drops or returns. */
export function ConnectionStatus() {
  const { t } = useTranslation();
  const connection = useTandemStore((state) => state.connection);
  return (
    <div role="status" aria-label={t('connection.label')} className="connection" data-state={connection}>
      <span className="connection-dot" aria-hidden="true" />
      <span className="connection-text">{t(`connection.state.${connection}`)}</span>
    </div>
  );
}
