import { useTranslation } from 'react-i18next';
import type { CustomerPost } from '../../customers/customerRepository';
import { toneOf, type SentimentWord } from '../../social/sentiment';
import { InertText, PostText } from '../social/SocialText';
import { formatContextScore, formatContextTime } from './contextFormat';
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
          {posts.map(({ item, sentiment, openComplaint }) => (
            <li key={item.uri} className={openComplaint ? 'context-post context-post-complaint' : 'context-post'}>
              <p className="context-post-meta">
                {openComplaint && <span className="context-badge context-badge-complaint">{t('context.openComplaint')}</span>}
                <span className="context-muted">{formatContextTime(item.createdAt, i18n.language)}</span>
              </p>
              <PostText text={item.text} links={item.links} />
              <ContextSentiment score={sentiment.score} words={sentiment.words} />
            </li>
          ))}
        </ul>
      )}
    </ContextSection>
  );
}

/**
 * The inbox's SentimentBadge (same classes, same words), with the panel's
 * cached number format: one `Intl.NumberFormat` per language, not per word.
 */
function ContextSentiment({ score, words }: { readonly score: number; readonly words: readonly SentimentWord[] }) {
  const { t, i18n } = useTranslation();
  const tone = toneOf(score);
  return (
    <span className={`sentiment sentiment-${tone}`}>
      <span className="sentiment-score">
        {t('social.sentiment.label')} {formatContextScore(score, i18n.language)} ({t(`social.sentiment.tone.${tone}`)})
      </span>
      <span className="sentiment-words">
        {' · '}
        {t('social.sentiment.drivers')}{' '}
        {words.length === 0
          ? t('social.sentiment.none')
          : words.map((w, index) => (
              <span key={w.word} className="sentiment-word">
                {index > 0 && ', '}
                <InertText text={w.word} /> ({formatContextScore(w.score, i18n.language)})
              </span>
            ))}
      </span>
    </span>
  );
}
