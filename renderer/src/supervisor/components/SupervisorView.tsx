import { useTranslation } from 'react-i18next';
import { AlertsRegion } from './AlertsRegion';
import { SocialQueueRegion } from './SocialQueueRegion';
import { TeamBoard } from './TeamBoard';
import { VolumeRegion } from '../volume/VolumeRegion';

/**
 * The supervisor view (issue 16): its own page (`/supervisor` on the browser
 * host, its own window in Electron), usable on a wall board. Today the team,
 * live; the social queue, alerts and volume regions come next.
 */
export function SupervisorView() {
  const { t } = useTranslation();
  return (
    <div className="supervisor-view">
      <header className="desk-header">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <h1 className="brand-name">{t('supervisor.title')}</h1>
        </div>
      </header>
      <main className="supervisor-main">
        <TeamBoard />
        <AlertsRegion />
        <SocialQueueRegion />
        <VolumeRegion />
      </main>
    </div>
  );
}
