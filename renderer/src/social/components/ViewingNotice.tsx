import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useTandemStore } from '../../store/useTandemStore';
import { InertText } from '../../ui/InertText';
import { useNow } from '../../ui/useNow';
import { useViewingPresence } from '../useViewingPresence';

/**
 * The collision notice: "NAME is viewing" for every other agent who has this
 * conversation open now, so two agents see each other before both start a
 * reply. It also tells the team that this agent is viewing it. A row whose
 * time has passed (its desk stopped renewing) is not shown.
 */
export function ViewingNotice({ conversationId }: { readonly conversationId: string }) {
  const { t } = useTranslation();
  useViewingPresence(conversationId);
  const now = useNow('second');
  const { rows, selfId } = useTandemStore(useShallow((state) => ({ rows: state.teamViewing, selfId: state.teamSelf?.id })));
  const viewers = useMemo(
    () =>
      Object.values(rows)
        .filter((row) => row.conversationId === conversationId && row.viewer.id !== selfId && (row.until ?? 0) > now)
        .map((row) => row.viewer)
        .sort((a, b) => a.name.localeCompare(b.name)),
    [rows, conversationId, selfId, now],
  );
  return (
    <div role="status" className="claim-viewing">
      {viewers.map((viewer) => (
        <p key={viewer.id} className="claim-viewer">
          {/* A name typed by an administrator: shown as text. */}
          <InertText text={t('team.claim.viewing', { name: viewer.name })} />
        </p>
      ))}
    </div>
  );
}
