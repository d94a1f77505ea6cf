import { useTranslation } from 'react-i18next';
import { EmptyState, Region } from './Region';

/** Where the screen pop lands: the caller's verified profiles, posts and history. */
export function CallerContextRegion() {
  const { t } = useTranslation();
  return (
    <Region title={t('context.title')} className="panel-context">
      <EmptyState>{t('context.empty')}</EmptyState>
    </Region>
  );
}
