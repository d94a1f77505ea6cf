import { useTranslation } from 'react-i18next';
import { EmptyState, Region } from './Region';

export function SocialRegion() {
  const { t } = useTranslation();
  return (
    <Region title={t('social.title')} className="panel-social">
      <EmptyState>{t('social.empty')}</EmptyState>
    </Region>
  );
}
