import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useTandemStore } from '../../store/useTandemStore';
import { InertText } from '../../ui/InertText';

/**
 * Under a call placed from a conversation ("Call now", issue 15): which case it belongs to, and the way to
 * open it. A case closed over a week ago is not in the inbox's memory (social/closedInMemory.ts): it is read
 * back from IndexedDB, so its preview still shows.
 */
export function TimelineCase({ conversationId }: { readonly conversationId: string }) {
  const { t } = useTranslation();
  const preview = useTandemStore((state) => state.conversations.get(conversationId)?.preview);
  const recall = useTandemStore((state) => state.recallConversation);
  const selectConversation = useTandemStore((state) => state.selectConversation);
  const held = preview !== undefined;
  useEffect(() => {
    // A read that fails leaves the case unnamed; opening it still works.
    if (!held) recall(conversationId).catch(() => undefined);
  }, [conversationId, held, recall]);
  return (
    <p className="customer-timeline-case">
      <InertText text={preview === undefined ? t('timeline.fromCaseUnknown') : t('timeline.fromCase', { preview })} />{' '}
      <button type="button" className="button button-quiet button-small" onClick={() => void selectConversation(conversationId)}>
        {t('timeline.openConversation')}
      </button>
    </p>
  );
}
