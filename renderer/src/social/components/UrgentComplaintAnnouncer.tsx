import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useTandemStore } from '../../store/useTandemStore';
import { displayText } from '../../ui/safeText';
import { urgentComplaintsToAnnounce, type AnnouncerMemory } from '../urgentComplaints';

/**
 * A polite live region that tells a screen-reader user a new urgent complaint
 * has reached the inbox: the red row is visual only, and the agent may be
 * mid-call in another region. Polite, not assertive: it waits for the
 * current speech (a caller's name, a button) instead of cutting in.
 * The region is always in the DOM, so the first announcement is heard.
 */
export function UrgentComplaintAnnouncer() {
  const { t } = useTranslation();
  const { entries, held, recall, version, changes, loaded } = useTandemStore(
    useShallow((state) => ({
      entries: state.inboxEntries,
      held: state.conversations,
      recall: state.recallConversation,
      version: state.conversationsVersion,
      changes: state.conversationChanges,
      loaded: state.conversationsLoaded,
    })),
  );
  const memory = useRef<AnnouncerMemory>({ announced: new Set(), version: -1 });
  const [message, setMessage] = useState('');

  useEffect(() => {
    if (!loaded) return;
    const fresh = urgentComplaintsToAnnounce(memory.current, entries, version, changes);
    const latest = fresh.at(-1);
    if (latest === undefined) return;
    const say = (handle: string) => setMessage(t('social.announce.urgentComplaint', { handle: displayText(handle), count: fresh.length }));
    const conversation = held.get(latest.id);
    if (conversation !== undefined) return say(conversation.authorHandle);
    // Changed further back than the page holds in full (a long catch-up): who it is comes from IndexedDB.
    recall(latest.id)
      .then(() => {
        // The held map is written in place (conversationChanges.ts), so it has it now.
        const recalled = held.get(latest.id);
        if (recalled !== undefined) say(recalled.authorHandle);
      })
      .catch(() => undefined);
  }, [entries, held, recall, version, changes, loaded, t]);

  return (
    <div role="status" className="visually-hidden">
      {message}
    </div>
  );
}
