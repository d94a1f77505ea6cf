import { memo, useEffect, useId, useMemo, useState, type KeyboardEvent } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { CONVERSATION_STATUSES } from '../socialTables';
import type { StatusFilter, VisibilityFilter } from '../inboxSlice';
import { useTandemStore } from '../../store/useTandemStore';
import { createInboxOrder } from '../inboxOrder';
import { inboxKeyAction, moveActive } from '../inboxKeys';
import { useNow } from '../../ui/useNow';
import { useRowWindow } from '../../ui/useRowWindow';
import { InboxRow } from './InboxRow';
import { InboxBulkBar } from './InboxBulkBar';
import { CLOSED_KEPT_MS } from '../closedInMemory';

const DAY_MS = 86_400_000;

/** Every row has the same height (one line of who, one of what, clamped), so scrolling never has to measure. */
export const ROW_HEIGHT = 64;
const OVERSCAN = 6;
/**
 * Rows either side of the window whose conversations are held in full (heldConversations.ts): about three
 * screenfuls, so a row scrolled to is there before it shows.
 */
const READ_AHEAD = 40;
/** Before layout (a hidden panel, the first paint) the list still renders its first screenful. */
const ROW_WINDOW = { rowHeight: ROW_HEIGHT, overscan: OVERSCAN, unlaidHeight: ROW_HEIGHT * 12 } as const;

const STATUS_FILTERS: readonly StatusFilter[] = ['active', 'all', ...CONVERSATION_STATUSES];
const VISIBILITY_FILTERS: readonly VisibilityFilter[] = ['all', 'public', 'private'];

// Memoised, as is the bulk bar below: neither reads the rows, and the list re-renders for every row
// scrolled into view and every mention.
const InboxFilters = memo(function InboxFilters() {
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
      {(filter.status === 'closed' || filter.status === 'all') && (
        <p className="social-muted inbox-closed-kept">{t('inbox.closedKept', { count: CLOSED_KEPT_MS / DAY_MS })}</p>
      )}
    </div>
  );
});
const BulkBar = memo(InboxBulkBar);

/**
 * The inbox: a region named "Inbox" with a virtualised list of conversations, most urgent first. `quiet`: no
 * empty-state text; `hidden`: mounted but not shown, behind the social column's call to action (SocialRegion).
 */
export function Inbox({ quiet = false, hidden = false }: { readonly quiet?: boolean; readonly hidden?: boolean }) {
  const { t } = useTranslation();
  const headingId = useId();
  const { entries, held, version, changes, filter, loaded, complete, selectedId, checked, selectConversation, toggleChecked, showRows, readConversations } =
    useTandemStore(
      useShallow((state) => ({
        entries: state.inboxEntries,
        held: state.conversations,
        version: state.conversationsVersion,
        changes: state.conversationChanges,
        filter: state.inboxFilter,
        loaded: state.conversationsLoaded,
        complete: state.conversationsComplete,
        selectedId: state.selectedConversationId,
        checked: state.inboxChecked,
        selectConversation: state.selectConversation,
        toggleChecked: state.toggleInboxChecked,
        showRows: state.showInboxRows,
        readConversations: state.readConversations,
      })),
    );
  // Only the rows on screen read the clock (their timers and chips); the order never does.
  const now = useNow('minute');
  // Kept across renders: a mention that arrives moves its own row, it doesn't re-sort 100 000.
  const [order] = useState(createInboxOrder);
  const rows = useMemo(() => order.rows({ entries, version, changes, filter }), [order, entries, version, changes, filter]);
  /** The row j/k last moved to: where the keys go on from when the focus is on the list itself. */
  const [active, setActive] = useState<string | null>(null);
  // Rows sit at fixed offsets (index × ROW_HEIGHT): the window is arithmetic on the scroll offset, so a
  // mention that adds a row costs nothing here however long the inbox is (useRowWindow.ts).
  const { ref: listRef, element: listElement, window: shownRange, totalHeight, scrollToIndex } = useRowWindow(rows.length, ROW_WINDOW);

  // The rows on screen and READ_AHEAD around them stay held in full. When one of those is not held, twice that
  // is read back in one read, so a steady scroll reads once every READ_AHEAD rows, not at every row it reveals.
  useEffect(() => {
    const around = (reach: number) => rows.slice(Math.max(0, shownRange.first - reach), shownRange.end + reach).map((row) => row.id);
    const wide = around(2 * READ_AHEAD);
    showRows(wide);
    if (around(READ_AHEAD).some((id) => !held.has(id))) void readConversations(wide);
  }, [rows, version, shownRange.first, shownRange.end, held, showRows, readConversations]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    const action = inboxKeyAction(event, target);
    if (action === null) return;
    const current = target.closest('[data-row-id]')?.getAttribute('data-row-id') ?? active;
    event.preventDefault();
    if (action === 'open' || action === 'toggle') {
      if (current === null) return;
      if (action === 'open') void selectConversation(current);
      else toggleChecked(current);
      return;
    }
    const next = moveActive(
      rows.map((row) => row.id),
      current,
      action === 'next' ? 1 : -1,
    );
    if (next === null) return;
    // Rendered and focused within this key's own event: the focus never waits for an effect that a render of an
    // earlier key (x ticking the row a moment before) could run first and take (an e2e run under load kept it there).
    flushSync(() => {
      setActive(next);
      scrollToIndex(rows.findIndex((row) => row.id === next));
    });
    listElement.current?.querySelector<HTMLElement>(`[data-row-id="${CSS.escape(next)}"] .conv-open`)?.focus();
  };

  return (
    <section className="inbox" aria-labelledby={headingId} hidden={hidden}>
      <div className="social-section-header">
        <h3 id={headingId} className="social-section-title">
          {t('inbox.title')}
        </h3>
        <span className="social-muted">{complete ? t('inbox.count', { count: rows.length }) : t('inbox.loadingRest')}</span>
      </div>
      <InboxFilters />
      <p className="visually-hidden" id={`${headingId}-keys`}>
        {t('inbox.keys')}
      </p>
      <BulkBar />
      {!loaded ? (
        <p className="empty-state">{t('inbox.loading')}</p>
      ) : rows.length === 0 ? (
        quiet ? null : (
          <p className="empty-state">{t('inbox.empty')}</p>
        )
      ) : (
        // The list takes j/k/Enter/x from any row inside it (inboxKeys.ts); the rows' own controls stay the way in.
        // The frame around it is the inbox's flex item, so the list itself is not one and Chromium can lay out a row
        // scrolled into view inside the list alone instead of the whole page (social.css, `.inbox-frame`).
        <div className="inbox-frame">
          <div ref={listRef} className="inbox-scroll" role="list" aria-label={t('inbox.list')} aria-describedby={`${headingId}-keys`} onKeyDown={onKeyDown}>
            <div className="inbox-sizer" style={{ height: totalHeight }}>
              {rows.slice(shownRange.first, shownRange.end).map((row, offset) => {
                const index = shownRange.first + offset;
                const conversation = held.get(row.id);
                return (
                  <div
                    key={row.id}
                    role="listitem"
                    aria-setsize={rows.length}
                    aria-posinset={index + 1}
                    aria-busy={conversation === undefined}
                    data-row-id={row.id}
                    className={row.id === selectedId ? 'conv-row conv-row-selected' : 'conv-row'}
                    style={{ height: ROW_HEIGHT, transform: `translateY(${index * ROW_HEIGHT}px)` }}
                  >
                    <InboxRow id={row.id} conversation={conversation} now={now} opened={row.id === selectedId} checked={checked.has(row.id)} />
                  </div>
                );
              })}
            </div>
          </div>
        </div>
      )}
    </section>
  );
}
