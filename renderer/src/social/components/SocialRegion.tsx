import { useTranslation } from 'react-i18next';
import { EmptyState, Region } from '../../ui/Region';
import { ConnectorStatusList } from './ConnectorStatusList';
import { ConversationView } from './ConversationView';
import { Inbox } from './Inbox';
import { ListeningView } from './ListeningView';
import { SocialProblemAlert } from './SocialProblemAlert';
import { UrgentComplaintAnnouncer } from './UrgentComplaintAnnouncer';
import { useTandemStore } from '../../store/useTandemStore';
import '../../styles/social.css';

/** The social desk: accounts, the inbox, the open conversation with its composer, and listening. */
export function SocialRegion() {
  const { t } = useTranslation();
  const empty = useTandemStore((state) => state.conversationsLoaded && state.conversations.size === 0 && state.socialConnectors.length === 0);
  return (
    <Region title={t('social.title')} className="panel-social">
      <ConnectorStatusList />
      <SocialProblemAlert />
      <UrgentComplaintAnnouncer />
      {empty && <EmptyState>{t('social.empty')}</EmptyState>}
      <Inbox />
      <ConversationView />
      <ListeningView />
    </Region>
  );
}
