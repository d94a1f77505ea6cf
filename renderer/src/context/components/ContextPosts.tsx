import { useTranslation } from 'react-i18next';
import type { CustomerPost } from '../../customers/customerContext';
import { PostText, SentimentBadge } from '../../social/components/SocialText';
import { formatTime } from '../../ui/format';
import { ContextSection } from './IdentitySection';

/** Recent public posts about the brand by the customer's verified accounts; open complaints flagged in words. */
export function ContextPosts({ posts }: { readonly posts: readonly CustomerPost[] }) {
  const { t, i18n } = useTranslation();
  return (
    <ContextSection title={t('context.postsTitle')} className="context-posts">
      {posts.length === 0 ? (
        <p className="context-muted">{t('context.noPosts')}</p>
      ) : (
        <ul className="context-list">
          {posts.map(({ item, sentiment, meaning, openComplaint }) => (
            <li key={item.uri} className={openComplaint ? 'context-post context-post-complaint' : 'context-post'}>
              <p className="context-post-meta">
                {openComplaint && <span className="context-badge context-badge-complaint">{t('context.openComplaint')}</span>}
                <span className="context-muted">{formatTime(item.createdAt, i18n.language)}</span>
              </p>
              <PostText text={item.text} links={item.links} />
              <SentimentBadge score={sentiment.score} words={sentiment.words} meaning={meaning} />
            </li>
          ))}
        </ul>
      )}
    </ContextSection>
  );
}
