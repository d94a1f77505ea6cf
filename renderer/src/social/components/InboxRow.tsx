import { memo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { Conversation } from '../socialTables';
import { livePriority, waitingMs } from '../conversationFold';
import { priorityLevel } from '../priority';
import { NEAR_TARGET, targetOf, waitingTone } from '../responseTargets';
import { useTandemStore } from '../../store/useTandemStore';
import { formatWaiting } from '../../ui/format';
import { InertText } from '../../ui/InertText';
import { useThresholdPassed } from '../../ui/useJudgingNow';
import { VisibilityMarker } from './SocialText';
import { HandledBy } from './ClaimControls';
import { Avatar } from './Avatar';

/** The chip: a word and a colour, the score behind it in the tooltip (the word is what an agent triages by). */
export function PriorityChip({ score }: { readonly score: number }) {
  const { t } = useTranslation();
  const level = priorityLevel(score);
  return (
    <span className="priority-chip" data-level={level} title={t('inbox.priority.score', { score })}>
      {t(`inbox.priority.level.${level}`)}
    </span>
  );
}

/**
 * How long the customer has waited for us, against the channel's target:
 * amber from 75 %, red from 100 %, and said in words too (colour is never the
 * only sign). Derived here, at paint, from `now`: the minute tick repaints the
 * rows on screen and moves none (inboxOrder.ts), and each timer on screen
 * wakes by itself at the instant its wait turns near or over the target
 * (ui/useJudgingNow.ts), not at the next minute tick. A conversation nobody
 * waits on shows its status instead.
 */
export function WaitingTimer({ conversation, now }: { readonly conversation: Conversation; readonly now: number }) {
  const { t, i18n } = useTranslation();
  // The team's targets (profile `team.responseTargets`), the same the supervisor's queue judges by.
  const targets = useTandemStore((state) => state.settings?.team.responseTargets);
  const target = targetOf(conversation.visibility, targets);
  const since = conversation.status === 'closed' ? null : conversation.firstWaitingSince;
  const passed = useThresholdPassed(since === null ? [] : [since + Math.ceil(target * NEAR_TARGET), since + target], since !== null);
  if (conversation.firstWaitingSince === null || conversation.status === 'closed') {
    return <span className="conv-status-word">{t(`inbox.status.${conversation.status}`)}</span>;
  }
  const waited = waitingMs(conversation, Math.max(now, passed));
  const tone = waitingTone(waited, target);
  const time = formatWaiting(waited, i18n.language);
  return (
    <span className="waiting-timer" data-tone={tone} title={t('inbox.waiting.target', { time, target: formatWaiting(target, i18n.language) })}>
      <span className="visually-hidden">{t('inbox.waiting.label')} </span>
      {time}
      {tone !== 'calm' && <span className="visually-hidden"> {t(`inbox.waiting.tone.${tone}`)}</span>}
    </span>
  );
}

export interface InboxRowProps {
  readonly id: string;
  /** Not yet held in full (heldConversations.ts): the row reads back in a moment, and says so meanwhile. */
  readonly conversation: Conversation | undefined;
  readonly now: number;
  /** The conversation open beside the inbox. */
  readonly opened: boolean;
  /** Ticked for the bulk bar. */
  readonly checked: boolean;
}

/**
 * One conversation in about 64 px: tick box, avatar, who (name and handle),
 * what they said last (one line), priority chip and waiting timer. Status and
 * assignment are set in the conversation and from the bulk bar, not here.
 *
 * A row not yet read back is the same open button, saying so: the button keeps its place among the row's
 * children, so React keeps its element when the conversation arrives, and a focus that j/k moved there stays.
 */
export const InboxRow = memo(function InboxRow({ id, conversation, now, opened, checked }: InboxRowProps) {
  const { t } = useTranslation();
  const { selectConversation, toggleChecked, claim } = useTandemStore(
    useShallow((state) => ({
      selectConversation: state.selectConversation,
      toggleChecked: state.toggleInboxChecked,
      claim: state.claims[id],
    })),
  );
  const open = (who: ReactNode) => (
    <button
      type="button"
      className="conv-open"
      data-conversation-id={id}
      aria-current={opened ? 'true' : undefined}
      onClick={() => void selectConversation(id)}
    >
      {who}
    </button>
  );
  if (conversation === undefined) {
    // The slots before and after the button stay empty, not absent: see above.
    return (
      <div className="conv-row-inner conv-row-reading">
        {null}
        {null}
        {open(<span className="social-muted">{t('inbox.rowReading')}</span>)}
        {null}
      </div>
    );
  }
  const handle = `@${conversation.authorHandle}`;
  const name = conversation.authorDisplayName === '' ? conversation.authorHandle : conversation.authorDisplayName;
  return (
    <div className="conv-row-inner">
      <input type="checkbox" className="conv-check" checked={checked} aria-label={t('inbox.select', { handle })} onChange={() => toggleChecked(id)} />
      <Avatar url={conversation.authorAvatarUrl} name={name} />
      {open(
        <>
          <span className="conv-who">
            {conversation.authorDisplayName !== '' && <InertText text={conversation.authorDisplayName} className="conv-name" />}
            <InertText text={handle} className="conv-handle" />
          </span>
          <span className="conv-preview">
            <InertText text={conversation.preview} />
          </span>
        </>,
      )}
      <span className="conv-side">
        <span className="conv-side-top">
          <VisibilityMarker visibility={conversation.visibility} />
          <PriorityChip score={livePriority(conversation, now)} />
        </span>
        <span className="conv-side-bottom">
          <HandledBy claim={claim} />
          <WaitingTimer conversation={conversation} now={now} />
        </span>
      </span>
    </div>
  );
});
