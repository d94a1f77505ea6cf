import { useTranslation } from 'react-i18next';
import { EmptyState, Region } from '../../ui/Region';
import { ConnectorStatusList } from './ConnectorStatusList';
import { ConnectSocialPrompt } from './ConnectSocialPrompt';
import { ConversationView } from './ConversationView';
import { Inbox } from './Inbox';
import { ListeningView } from './ListeningView';
import { SocialProblemAlert } from './SocialProblemAlert';
import { UrgentComplaintAnnouncer } from './UrgentComplaintAnnouncer';
import { useTandemStore } from '../../store/useTandemStore';
import '../../styles/social.css';

/**
 * The social desk: accounts, the inbox, the open conversation with its composer, and listening.
 * `quiet`: the desk shows its first-run call to action, so this column drops its empty-state texts
 * ("no account", "no conversations") rather than add three more "nothing here" lines under it. Only the
 * texts go: every part stays mounted, so the inbox's journal catch-up and the announcers keep running.
 * A seat with a phone but no social account shows its own one call to action (ConnectSocialPrompt) and
 * keeps the inbox and listening mounted but hidden: a conversation that arrives anyway (a team's) ends it.
 */
export function SocialRegion({ quiet = false }: { readonly quiet?: boolean }) {
  const { t } = useTranslation();
  const empty = useTandemStore((state) => state.conversationsLoaded && state.inboxEntries.size === 0 && state.socialConnectors.length === 0);
  // A phone and no social account: the seat may be phone-only, so the column offers the way in and the way out.
  const phoneOnly = useTandemStore((state) => state.settings !== null && state.settings.sip !== null && state.settings.social.length === 0);
  const prompting = empty && phoneOnly && !quiet;
  const silent = quiet || prompting;
  return (
    <Region title={t('social.title')} className="panel-social">
      {prompting && <ConnectSocialPrompt />}
      <ConnectorStatusList quiet={silent} />
      <SocialProblemAlert />
      <UrgentComplaintAnnouncer />
      {empty && !silent && <EmptyState>{t('social.empty')}</EmptyState>}
      <Inbox quiet={silent} hidden={prompting} />
      <ConversationView />
      <ListeningView hidden={prompting} />
    </Region>
  );
}
