import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { SocialItem } from '@tandem/contract';
import { useTandemStore } from '../../store/useTandemStore';
import { ClaimControls } from './ClaimControls';
import { ViewingNotice } from './ViewingNotice';
import { Composer } from './Composer';
import { formatTime } from '../../ui/format';
import { LikeButton } from './LikeButton';
import { OutboxList } from './OutboxList';
import { InertText } from '../../ui/InertText';
import { PostText, SentimentBadge, VisibilityMarker } from './SocialText';
import { ConversationActions } from './ConversationActions';

/** `canLike`: the account's network takes likes. Only a customer's public post (it has a cid) can be liked. */
function ThreadItem({ item, canLike }: { readonly item: SocialItem; readonly canLike: boolean }) {
  const { t, i18n } = useTranslation();
  const ours = item.kind === 'brand-reply' || item.kind === 'brand-message';
  const likeable = canLike && !ours && item.visibility === 'public' && item.cid !== null;
  return (
    <li className={ours ? 'thread-item thread-item-ours' : 'thread-item'}>
      <div className="thread-item-head">
        {ours && <span className="thread-ours">{t('inbox.thread.ours')}</span>}
        <InertText text={item.author.displayName} className="thread-name" /> <InertText text={`@${item.author.handle}`} className="thread-handle" />
        <time className="social-muted" dateTime={new Date(item.createdAt).toISOString()}>
          {formatTime(item.createdAt, i18n.language)}
        </time>
      </div>
      <PostText text={item.text} links={item.links} />
      {likeable && <LikeButton item={item} />}
    </li>
  );
}

/** The selected conversation: who, the thread as stored (refreshed from the network), what we sent, and the composer. */
export function ConversationView() {
  const { t } = useTranslation();
  const headingId = useId();
  const { conversation, items, connectors, selectConversation } = useTandemStore(
    useShallow((state) => ({
      conversation: state.selectedConversationId === null ? undefined : state.conversations.get(state.selectedConversationId),
      items: state.threadItems,
      connectors: state.socialConnectors,
      selectConversation: state.selectConversation,
    })),
  );
  if (conversation === undefined) return null;
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
      {items.length === 0 ? (
        <p className="empty-state">{t('inbox.thread.empty')}</p>
      ) : (
        <ol className="thread">
          {items.map((item) => (
            <ThreadItem key={item.uri} item={item} canLike={connector?.capabilities.like === true} />
          ))}
        </ol>
      )}
      <OutboxList conversationId={conversation.id} />
      <Composer key={conversation.id} conversation={conversation} connector={connector} />
    </section>
  );
}
