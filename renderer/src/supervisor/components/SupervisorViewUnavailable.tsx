import { useTranslation } from 'react-i18next';
import { FailureNotice } from '../../ui/FailureNotice';

/**
 * What the supervisor's page shows when its chunk (the view and its chart library, loaded only on
 * that page) could not be fetched: the host went away mid-load, or a newer build replaced the files.
 * A reload fetches the page and its chunk again; nothing is lost, the team's state lives in main.
 */
export function SupervisorViewUnavailable({ reload = () => window.location.reload() }: { readonly reload?: () => void }) {
  const { t } = useTranslation();
  // The page's one landmark is its main region, as on the view it stands in for.
  return (
    <main>
      <FailureNotice
        title={t('supervisor.unavailable.title')}
        body={t('supervisor.unavailable.body')}
        action={t('supervisor.unavailable.reload')}
        onAction={reload}
      />
    </main>
  );
}
