import { useTranslation } from 'react-i18next';

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
      <div className="crash" role="alert">
        <h1 className="crash-title">{t('supervisor.unavailable.title')}</h1>
        <p className="crash-body">{t('supervisor.unavailable.body')}</p>
        <button type="button" className="button" onClick={reload}>
          {t('supervisor.unavailable.reload')}
        </button>
      </div>
    </main>
  );
}
