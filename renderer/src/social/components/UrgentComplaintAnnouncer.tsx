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
  const { conversations, version, changes, loaded } = useTandemStore(
    useShallow((state) => ({
      conversations: state.conversations,
      version: state.conversationsVersion,
      changes: state.conversationChanges,
      loaded: state.conversationsLoaded,
    })),
  );
  const memory = useRef<AnnouncerMemory>({ announced: new Set(), version: -1 });
  const [message, setMessage] = useState('');

  useEffect(() => {
    if (!loaded) return;
    const fresh = urgentComplaintsToAnnounce(memory.current, conversations, version, changes);
    const latest = fresh.at(-1);
    if (latest !== undefined) setMessage(t('social.announce.urgentComplaint', { handle: displayText(latest.authorHandle), count: fresh.length }));
  }, [conversations, version, changes, loaded, t]);

  return (
    <div role="status" className="visually-hidden">
      {message}
    </div>
  );
}
