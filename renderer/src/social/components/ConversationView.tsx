import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useTandemStore } from '../../store/useTandemStore';
import { ClaimControls } from './ClaimControls';
import { ViewingNotice } from './ViewingNotice';
import { Composer } from './Composer';
import { OutboxList } from './OutboxList';
import { InertText } from '../../ui/InertText';
import { SentimentBadge, VisibilityMarker } from './SocialText';
import { ConversationActions } from './ConversationActions';
import { CaseThread } from './CaseThread';
import { TakeOfflineDialog } from './TakeOfflineDialog';
import { useHeldByOther } from '../useHeldByOther';

/** The selected conversation: who, the thread as stored (refreshed from the network), what we sent, and the composer. */
export function ConversationView() {
  const { t } = useTranslation();
  const headingId = useId();
  const heldReasonId = useId();
  const { conversation, items, connectors, selectConversation, takeOffline, offlineOpen } = useTandemStore(
    useShallow((state) => ({
      conversation: state.selectedConversationId === null ? undefined : state.conversations.get(state.selectedConversationId),
      items: state.threadItems,
      connectors: state.socialConnectors,
      selectConversation: state.selectConversation,
      takeOffline: state.openTakeOffline,
      offlineOpen: state.offlineDialog !== null,
    })),
  );
  const heldBy = useHeldByOther(conversation?.id ?? '');
  if (conversation === undefined) return null;
  // A colleague handles it: the case is theirs to act on; this desk reads it (issue 15 item 2).
  const caseHolder = heldBy === null ? null : { name: heldBy, reasonId: heldReasonId };
  const connector = connectors.find((c) => c.accountId === conversation.accountId);
  return (
    <section className="conversation" aria-labelledby={headingId}>
      <div className="social-section-header">
        <h3 id={headingId} className="social-section-title">
          {t('inbox.thread.title')} <VisibilityMarker visibility={conversation.visibility} />
        </h3>
        <button type="button" className="button button-quiet button-small" onClick={() => void selectConversation(null)}>
          {t('inbox.thread.close')}
        </button>
      </div>
      <ConversationActions conversation={conversation} />
      {conversation.visibility === 'public' && conversation.replyToUri !== null && (
        <button
          type="button"
          className="button button-small"
          disabled={offlineOpen || caseHolder !== null}
          aria-describedby={caseHolder?.reasonId}
          onClick={() => void takeOffline(conversation.id)}
        >
          {t('offline.takeOffline')}
        </button>
      )}
      {caseHolder !== null && (
        <p id={caseHolder.reasonId} className="claim-reason">
          <InertText text={t('offline.case.heldBy', { name: caseHolder.name })} />
        </p>
      )}
      <TakeOfflineDialog conversation={conversation} connector={connector} />
      <ClaimControls conversationId={conversation.id} />
      <ViewingNotice key={`viewing:${conversation.id}`} conversationId={conversation.id} />
      <p className="conversation-author">
        <InertText text={conversation.authorDisplayName} className="thread-name" />{' '}
        <InertText text={`@${conversation.authorHandle}`} className="thread-handle" />{' '}
        <span className="social-muted">
          {conversation.authorFollowers === null ? t('social.followersUnknown') : t('social.followers', { count: conversation.authorFollowers })}
        </span>
      </p>
      <p className="conv-sentiment">
        <SentimentBadge score={conversation.sentimentScore} words={conversation.sentimentWords} meaning={conversation.meaning} />
      </p>
      <CaseThread conversation={conversation} connector={connector} items={items} holder={caseHolder} />
      <OutboxList conversationId={conversation.id} />
      <Composer key={conversation.id} conversation={conversation} connector={connector} />
    </section>
  );
}
