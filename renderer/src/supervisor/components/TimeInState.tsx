import { useTranslation } from 'react-i18next';
import { formatDuration } from '../../ui/format';
import { useNow } from '../../ui/useNow';

/**
 * "3:07 in this state": the only part of a member's list item that changes
 * every second. It reads the shared one-second clock itself, so each tick
 * renders these short texts and not the 500 list items around them.
 */
export function TimeInState({ since }: { readonly since: number }) {
  const { t, i18n } = useTranslation();
  const now = useNow('second');
  return <span className="supervisor-agent-time">{t('supervisor.team.inState', { time: formatDuration(now - since, i18n.language) })}</span>;
}
