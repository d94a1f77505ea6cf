import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { OutboxEntry, SocialItem } from '@tandem/contract';
import type { SocialSend } from '../socialTables';
import { useTandemStore } from '../../store/useTandemStore';
import { socialErrorKey } from './SocialProblemAlert';
import { InertText } from '../../ui/InertText';

const EMPTY: readonly SocialSend[] = [];
const EMPTY_THREAD: readonly SocialItem[] = [];

/** Main's outbox state, or `unknown` while main hasn't confirmed it has the send. */
const stateOf = (entry: OutboxEntry | undefined): OutboxEntry['state'] | 'unknown' => entry?.state ?? 'unknown';

/**
 * What this desk sent in a conversation and the thread doesn't show yet, each with main's outbox
 * state; failed ones can be retried (same clientId).
 */
export function OutboxList({ conversationId }: { readonly conversationId: string }) {
  const { t } = useTranslation();
  const { sends, outbox, draftClientId, retrySend, threadItems } = useTandemStore(
    useShallow((state) => ({
      sends: state.sends[conversationId] ?? EMPTY,
      outbox: state.socialOutbox,
      draftClientId: state.drafts[conversationId]?.clientId,
      retrySend: state.retrySend,
      threadItems: state.selectedConversationId === conversationId ? state.threadItems : EMPTY_THREAD,
    })),
  );
  const inThread = useMemo(() => new Set(threadItems.map((item) => item.uri)), [threadItems]);
  const shown = sends.filter((send) => {
    const entry = outbox[send.clientId];
    // A send main never acknowledged, whose draft is still in the composer, is retried from there.
    if (entry === undefined) return send.clientId !== draftClientId;
    // Once the thread shows it as "Our reply", listing it again here is noise; pending and failed ones stay.
    return !(entry.state === 'sent' && entry.uri !== null && inThread.has(entry.uri));
  });
  if (shown.length === 0) return null;
  return (
    <section className="outbox" aria-label={t('composer.outbox.title')}>
      <h4 className="social-subtitle">{t('composer.outbox.title')}</h4>
      <ul className="outbox-list">
        {shown.map((send) => {
          const entry = outbox[send.clientId];
          const state = stateOf(entry);
          return (
            <li key={send.clientId} className={`outbox-entry outbox-${state}`}>
              <span className="outbox-meta">
                {t(`composer.outbox.kind.${send.kind}`)} · <strong className="outbox-state">{t(`composer.outbox.state.${state}`)}</strong>
                {entry?.lastErrorKey != null && state === 'failed' && <span className="outbox-error"> · {t(socialErrorKey(entry.lastErrorKey))}</span>}
              </span>
              <p className="outbox-text">
                <InertText text={send.text} />
              </p>
              {(state === 'failed' || state === 'unknown') && (
                <button type="button" className="button button-small" onClick={() => void retrySend(send.clientId)}>
                  {t('composer.outbox.retry')}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
