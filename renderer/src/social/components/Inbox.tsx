import { observeElementRect, useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { memo, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { CONVERSATION_STATUSES, type Conversation, type ConversationStatus } from '../socialTables';
import { waitingMs } from '../conversationFold';
import { priorityLevel } from '../priority';
import type { StatusFilter, VisibilityFilter } from '../inboxSlice';
import { useTandemStore } from '../../store/useTandemStore';
import { formatWaiting } from '../../ui/format';
import { createInboxOrder } from '../inboxOrder';
import { InertText } from '../../ui/InertText';
import { SentimentBadge, VisibilityMarker } from './SocialText';
import { HandledBy } from './ClaimControls';
import { useNow } from '../../ui/useNow';

/** Every row has the same height (preview and sentiment are clamped), so scrolling never has to measure. */
export const ROW_HEIGHT = 150;
const OVERSCAN = 6;
/** Before layout (a hidden panel, the first paint) the list still renders its first screenful. */
const UNLAID_RECT = { width: 400, height: ROW_HEIGHT * 6 };

const observeRect: typeof observeElementRect<HTMLDivElement> = (instance: Virtualizer<HTMLDivElement, Element>, callback) =>
  observeElementRect(instance, (rect) => callback(rect.height === 0 ? UNLAID_RECT : rect));

const STATUS_FILTERS: readonly StatusFilter[] = ['active', 'all', ...CONVERSATION_STATUSES];
const VISIBILITY_FILTERS: readonly VisibilityFilter[] = ['all', 'public', 'private'];

function InboxFilters() {
  const { t } = useTranslation();
  const filter = useTandemStore((state) => state.inboxFilter);
  const setFilter = useTandemStore((state) => state.setInboxFilter);
  const statusId = useId();
  const visibilityId = useId();
  return (
    <div className="inbox-filters">
      <label className="field" htmlFor={statusId}>
        <span className="field-label">{t('inbox.filters.status')}</span>
        <select id={statusId} className="field-select" value={filter.status} onChange={(event) => setFilter({ status: event.target.value as StatusFilter })}>
          {STATUS_FILTERS.map((status) => (
            <option key={status} value={status}>
              {status === 'active' || status === 'all' ? t(`inbox.filters.statusOptions.${status}`) : t(`inbox.status.${status}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field" htmlFor={visibilityId}>
        <span className="field-label">{t('inbox.filters.visibility')}</span>
        <select
          id={visibilityId}
          className="field-select"
          value={filter.visibility}
          onChange={(event) => setFilter({ visibility: event.target.value as VisibilityFilter })}
        >
          {VISIBILITY_FILTERS.map((visibility) => (
            <option key={visibility} value={visibility}>
              {t(`inbox.filters.visibilityOptions.${visibility}`)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

interface RowProps {
  readonly conversation: Conversation;
  readonly priority: number;
  readonly now: number;
  readonly selected: boolean;
}

const ConversationRow = memo(function ConversationRow({ conversation, priority, now, selected }: RowProps) {
  const { t, i18n } = useTranslation();
  const { selectConversation, setConversationStatus, assignToMe, claim } = useTandemStore(
    useShallow((state) => ({
      selectConversation: state.selectConversation,
      setConversationStatus: state.setConversationStatus,
      assignToMe: state.assignToMe,
      claim: state.claims[conversation.id],
    })),
  );
  const waiting = waitingMs(conversation, now);
  const level = priorityLevel(priority);
  return (
    <div className="conv-row-inner">
      <div className="conv-row-top">
        <VisibilityMarker visibility={conversation.visibility} />
        <span className={`priority priority-${level}`}>
          {t('inbox.priority.label')} {priority} ({t(`inbox.priority.level.${level}`)})
        </span>
        <span className="conv-waiting">
          {conversation.firstWaitingSince !== null && conversation.status !== 'closed'
            ? t('inbox.waiting.for', { time: formatWaiting(waiting, i18n.language) })
            : t('inbox.waiting.none')}
        </span>
      </div>
      <button type="button" className="conv-open" aria-current={selected ? 'true' : undefined} onClick={() => void selectConversation(conversation.id)}>
        <InertText text={`@${conversation.authorHandle}`} className="conv-handle" />{' '}
        <span className="conv-preview">
          <InertText text={conversation.preview} />
        </span>
      </button>
      <p className="conv-sentiment">
        <SentimentBadge score={conversation.sentimentScore} words={conversation.sentimentWords} meaning={conversation.meaning} /> <HandledBy claim={claim} />
      </p>
      <div className="conv-row-bottom">
        <select
          aria-label={t('inbox.status.label')}
          className="field-select conv-status"
          value={conversation.status}
          onChange={(event) => void setConversationStatus(conversation.id, event.target.value as ConversationStatus)}
        >
          {CONVERSATION_STATUSES.map((status) => (
            <option key={status} value={status}>
              {t(`inbox.status.${status}`)}
            </option>
          ))}
        </select>
        {conversation.assignedToMe ? (
          <span className="conv-assigned">
            {t('inbox.assigned')}{' '}
            <button type="button" className="button button-quiet button-small" onClick={() => void assignToMe(conversation.id, false)}>
              {t('inbox.unassign')}
            </button>
          </span>
        ) : (
          <button type="button" className="button button-small" onClick={() => void assignToMe(conversation.id, true)}>
            {t('inbox.assign')}
          </button>
        )}
      </div>
    </div>
  );
});

/** The inbox: a region named "Inbox" with a virtualised list of conversations, most urgent first. */
export function Inbox() {
  const { t } = useTranslation();
  const headingId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const { conversations, version, changes, filter, loaded, complete, selectedId } = useTandemStore(
    useShallow((state) => ({
      conversations: state.conversations,
      version: state.conversationsVersion,
      changes: state.conversationChanges,
      filter: state.inboxFilter,
      loaded: state.conversationsLoaded,
      complete: state.conversationsComplete,
      selectedId: state.selectedConversationId,
    })),
  );
  const now = useNow('minute');
  // Kept across renders: a mention that arrives moves its own row, it doesn't re-sort 100 000.
  const [order] = useState(createInboxOrder);
  const rows = useMemo(() => order.rows({ conversations, version, changes, filter, now }), [order, conversations, version, changes, filter, now]);
  // TanStack Virtual hands back fresh functions each render; the React Compiler must not memoise around it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    // No getItemKey: the virtualizer's own keys stay the indexes, so a mention that reorders the rows
    // doesn't make it rebuild 100 000 measurements keyed by id (rows are a fixed height: nothing to
    // remember per conversation). React's keys are the conversation ids, below, so a row's DOM (and
    // the agent's focus in it) moves with its conversation.
    observeElementRect: observeRect,
    // Rows sit at fixed offsets (index × ROW_HEIGHT), so a scroll frame that keeps the same range
    // changes nothing React renders: re-render only when the range (or isScrolling) changes.
    directDomUpdates: true,
  });

  return (
    <section className="inbox" aria-labelledby={headingId}>
      <div className="social-section-header">
        <h3 id={headingId} className="social-section-title">
          {t('inbox.title')}
        </h3>
        <span className="social-muted">{complete ? t('inbox.count', { count: rows.length }) : t('inbox.loadingRest')}</span>
      </div>
      <InboxFilters />
      {!loaded ? (
        <p className="empty-state">{t('inbox.loading')}</p>
      ) : rows.length === 0 ? (
        <p className="empty-state">{t('inbox.empty')}</p>
      ) : (
        <div ref={scrollRef} className="inbox-scroll" role="list" aria-label={t('inbox.list')}>
          <div className="inbox-sizer" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = rows[item.index];
              if (row === undefined) return null;
              return (
                <div
                  key={row.conversation.id}
                  role="listitem"
                  aria-setsize={rows.length}
                  aria-posinset={item.index + 1}
                  className={row.conversation.id === selectedId ? 'conv-row conv-row-selected' : 'conv-row'}
                  style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                >
                  <ConversationRow conversation={row.conversation} priority={row.priority} now={now} selected={row.conversation.id === selectedId} />
                </div>
              );
            })}
          </div>
        </div>
      )}
    </section>
  );
}
