import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { InertText } from '../../ui/InertText';
import { safeExternalUrl } from '../../ui/safeText';
import type { Meaning } from '../meaning/analyseMeaning';
import { toneOf, type SentimentWord } from '../sentiment';
import { formatScore } from '../../ui/format';

/** Posts longer than this (or with many lines) start clamped behind "Show more". */
const CLAMP_CHARS = 280;
const CLAMP_LINES = 5;

export interface PostTextProps {
  readonly text: string;
  readonly links: readonly { readonly url: string; readonly text: string }[];
}

/** A whole post: clamped when long, then its links — only http(s) ones are links, the rest stay text. */
export function PostText({ text, links }: PostTextProps) {
  const { t } = useTranslation();
  const [expanded, setExpanded] = useState(false);
  const bodyId = useId();
  const long = text.length > CLAMP_CHARS || text.split('\n').length > CLAMP_LINES;
  return (
    <div className="post">
      <p id={bodyId} className={long && !expanded ? 'post-text post-text-clamped' : 'post-text'}>
        <InertText text={text} />
      </p>
      {long && (
        <button
          type="button"
          className="button button-quiet button-small"
          aria-expanded={expanded}
          aria-controls={bodyId}
          onClick={() => setExpanded(!expanded)}
        >
          {expanded ? t('social.post.showLess') : t('social.post.showMore')}
        </button>
      )}
      {links.length > 0 && (
        <ul className="post-links" aria-label={t('social.post.links')}>
          {links.map((link, index) => {
            const href = safeExternalUrl(link.url);
            return (
              // Links carry no stable id; a post's link list never reorders.
              <li key={index}>
                {href === null ? (
                  <InertText text={link.url} className="post-link-inert" />
                ) : (
                  // The URL itself is the label: facet text could say one site and point at another.
                  <a href={href} target="_blank" rel="noopener noreferrer" className="post-link">
                    <InertText text={href} />
                  </a>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

function GlobeIcon() {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path
        d="M1.5 8h13M8 1.5c2 2 2.8 4.2 2.8 6.5S10 12.5 8 14.5M8 1.5C6 3.5 5.2 5.7 5.2 8S6 12.5 8 14.5"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.2"
      />
    </svg>
  );
}

function LockIcon() {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <rect x="3" y="7" width="10" height="7.5" rx="1.5" fill="currentColor" />
      <path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" strokeWidth="1.6" />
    </svg>
  );
}

/** The loud public/private marker: an icon and a word, never colour alone. */
export function VisibilityMarker({ visibility }: { readonly visibility: 'public' | 'private' }) {
  const { t } = useTranslation();
  return (
    <span className={`visibility visibility-${visibility}`}>
      {visibility === 'public' ? <GlobeIcon /> : <LockIcon />}
      <span className="visibility-text">{t(`social.visibility.${visibility}`)}</span>
    </span>
  );
}

export interface SentimentBadgeProps {
  readonly score: number;
  readonly words: readonly SentimentWord[];
  /** The meaning judgement, when the post has one (rows written before issue 13 have none). */
  readonly meaning?: Meaning | undefined;
}

/** A language's name in the agent's language ("Deutsch" → "German"), or its code when the runtime has no name for it. */
function languageName(code: string, uiLanguage: string): string {
  try {
    return new Intl.DisplayNames([uiLanguage], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** What the judgement found beyond the words: a complaint and why, and escalation cues. */
function MeaningCues({ meaning }: { readonly meaning: Meaning }) {
  const { t } = useTranslation();
  return (
    <>
      {meaning.complaint && (
        <span className="sentiment-complaint">
          {' · '}
          {t('social.sentiment.complaint')}
          {meaning.reasons.length > 0 && ': '}
          <InertText text={[...new Set(meaning.reasons.map((reason) => reason.cue))].join(', ')} />
        </span>
      )}
      {meaning.escalation.length > 0 && (
        <span className="sentiment-escalation">
          {' · '}
          {t('social.sentiment.escalation')}: <InertText text={meaning.escalation.map((cue) => cue.cue).join(', ')} />
        </span>
      )}
    </>
  );
}

/** The score, its tone in words, and the words that drove it; with a judgement, whether it is a complaint and escalating. */
export function SentimentBadge({ score, words, meaning }: SentimentBadgeProps) {
  const { t, i18n } = useTranslation();
  if (meaning !== undefined && !meaning.polarity.available) {
    return (
      <span className={`sentiment sentiment-${meaning.tone}`}>
        <span className="sentiment-score">{t('social.sentiment.unavailable', { language: languageName(meaning.polarity.language, i18n.language) })}</span>
        <MeaningCues meaning={meaning} />
      </span>
    );
  }
  const tone = meaning?.tone ?? toneOf(score);
  return (
    <span className={`sentiment sentiment-${tone}`}>
      <span className="sentiment-score">
        {t('social.sentiment.label')} {formatScore(score, i18n.language)} ({t(`social.sentiment.tone.${tone}`)})
      </span>
      <span className="sentiment-words">
        {' · '}
        {t('social.sentiment.drivers')}{' '}
        {words.length === 0
          ? t('social.sentiment.none')
          : words.map((w, index) => (
              <span key={w.word} className="sentiment-word">
                {index > 0 && ', '}
                <InertText text={w.word} /> (<bdi>{formatScore(w.score, i18n.language)}</bdi>)
              </span>
            ))}
      </span>
      {meaning !== undefined && <MeaningCues meaning={meaning} />}
    </span>
  );
}
