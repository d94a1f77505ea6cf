import { useTranslation } from 'react-i18next';
import { formatDuration } from '../../ui/format';
import { useNow } from '../../ui/useNow';

/**
 * "3:07 in this state": the only part of a member's list item that changes
 * every second. It reads the shared one-second clock itself, so each tick
 * renders these short texts and not the 500 list items around them; not
 * `ticking` (its item is off screen), it shows the time of its last render.
 */
export function TimeInState({ since, ticking }: { readonly since: number; readonly ticking: boolean }) {
  const { t, i18n } = useTranslation();
  const now = useNow('second', ticking);
  return <span className="supervisor-agent-time">{t('supervisor.team.inState', { time: formatDuration(now - since, i18n.language) })}</span>;
}
