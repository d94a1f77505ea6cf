import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_CONTEXT_LIMITS, type TimelineEntry } from '../../customers/customerContext';
import { exportFileName, timelineToCsv } from '../../customers/io/timelineCsv';
import type { InteractionChannel } from '../../customers/model';
import { useTandemStore } from '../../store/useTandemStore';
import { useWrapUpCodes } from './CallNotes';
import { ClampedText } from './ContextText';
import { formatTime } from '../../ui/format';
import { InertText } from '../../ui/InertText';
import { TimelineCase } from './TimelineCase';
import { useCustomerIo } from '../../customers/customerIo';
import { CSV_TYPE, downloadText } from '../../ui/download';
import '../../styles/customers.css';

export type TimelineFilter = 'all' | 'calls' | 'social' | 'notes';

const FILTERS: readonly TimelineFilter[] = ['all', 'calls', 'social', 'notes'];

/** The repository's channels behind each filter button. */
export const FILTER_CHANNELS: Readonly<Record<TimelineFilter, readonly InteractionChannel[] | undefined>> = {
  all: undefined,
  calls: ['call'],
  social: ['social-public', 'social-private'],
  notes: ['note'],
};

/** Entries per page; "Show older" reads the next page before the last one shown. */
export const TIMELINE_PAGE = 50;
/** The most an export reads: a long history, still one bounded read. */
export const TIMELINE_EXPORT_LIMIT = 10_000;

const channelKey = (channel: InteractionChannel) => (channel === 'call' ? 'call' : channel === 'note' ? 'note' : 'social');

interface Loaded {
  /** What was asked for: a change of customer or filter makes the rest stale at once. */
  readonly key: string;
  readonly entries: readonly TimelineEntry[];
  readonly status: 'ready' | 'failed';
  readonly hasMore: boolean;
}

export interface TimelineProps {
  readonly customerId: string;
  /**
   * The newest entries the panel already loaded (`loadContext`, re-read at
   * hang-up, on a new note, a proof or a post). "All" shows them as they are,
   * so the timeline follows the panel without a read of its own; a filtered
   * view (with storage, `CustomerIoContext`) reads its own page again whenever
   * they change. Without storage every view filters these.
   */
  readonly entries?: readonly TimelineEntry[];
  /** How many entries the panel reads: that many means there may be older ones. */
  readonly panelLimit?: number;
}

const NO_ENTRIES: readonly TimelineEntry[] = [];

/**
 * A customer's calls, social items and notes in one list, newest first,
 * filtered by channel. Each entry opens what it came from: a call fills the
 * dial box, a social item selects its conversation in the inbox. All text
 * from customers and agents is rendered as text (never markup).
 */
export function Timeline({ customerId, entries: panelEntries = NO_ENTRIES, panelLimit = DEFAULT_CONTEXT_LIMITS.timeline }: TimelineProps) {
  const { t, i18n } = useTranslation();
  const io = useCustomerIo();
  const headingId = useId();
  const [filter, setFilter] = useState<TimelineFilter>('all');
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  /** "Show older" pages read after the panel's entries (filter 'all'). */
  const [older, setOlder] = useState<Loaded | null>(null);
  const [exporting, setExporting] = useState(false);
  const setDialDraft = useTandemStore((state) => state.setDialDraft);
  const selectConversation = useTandemStore((state) => state.selectConversation);
  const codes = useWrapUpCodes();

  const key = `${customerId}\u0000${filter}`;
  const channels = FILTER_CHANNELS[filter];
  /** 'All' is the panel's own read; only a filtered view with storage reads pages here. */
  const ownRead = io !== null && filter !== 'all';

  useEffect(() => {
    if (io === null || filter === 'all') return;
    let current = true;
    // Also re-read when the panel's entries change (a call just ended): the list never goes stale.
    void panelEntries;
    io.timeline(customerId, { limit: TIMELINE_PAGE, ...(channels === undefined ? {} : { channels }) }).then(
      (entries) => {
        if (current) setLoaded({ key, entries, status: 'ready', hasMore: entries.length === TIMELINE_PAGE });
      },
      () => {
        if (current) setLoaded({ key, entries: [], status: 'failed', hasMore: false });
      },
    );
    return () => {
      current = false;
    };
  }, [io, customerId, key, filter, channels, panelEntries]);

  const fresh = ownRead ? (loaded?.key === key ? loaded : null) : null;
  const olderShown = !ownRead && io !== null && older?.key === key ? older : null;
  const entries = ownRead
    ? (fresh?.entries ?? NO_ENTRIES)
    : withOlder(
        panelEntries.filter((entry) => channels === undefined || channels.includes(entry.channel)),
        olderShown?.entries ?? NO_ENTRIES,
      );
  const loading = ownRead && fresh === null;
  const hasMore = ownRead
    ? fresh?.hasMore === true
    : io !== null && filter === 'all' && (olderShown === null ? panelEntries.length >= panelLimit : olderShown.hasMore);
  const failed = (ownRead ? fresh?.status : olderShown?.status) === 'failed';

  const showOlder = async () => {
    const last = entries[entries.length - 1];
    if (io === null || last === undefined) return;
    const target = ownRead ? setLoaded : setOlder;
    try {
      const page = await io.timeline(customerId, { limit: TIMELINE_PAGE, before: last.at, ...(channels === undefined ? {} : { channels }) });
      target((previous) => {
        const base = previous?.key === key ? previous : { key, entries: NO_ENTRIES, status: 'ready' as const, hasMore: false };
        return { ...base, entries: withOlder(base.entries, page), hasMore: page.length === TIMELINE_PAGE };
      });
    } catch {
      target((previous) => ({ key, entries: previous?.key === key ? previous.entries : NO_ENTRIES, status: 'failed', hasMore: false }));
    }
  };

  const exportCsv = async () => {
    setExporting(true);
    try {
      const all = io === null ? entries : await io.timeline(customerId, { limit: TIMELINE_EXPORT_LIMIT, ...(channels === undefined ? {} : { channels }) });
      downloadText(document, exportFileName('customer-timeline', 'csv', Date.now()), timelineToCsv(all), CSV_TYPE);
    } catch {
      (ownRead ? setLoaded : setOlder)((previous) => ({
        key,
        entries: previous?.key === key ? previous.entries : NO_ENTRIES,
        status: 'failed',
        hasMore: previous?.hasMore ?? false,
      }));
    } finally {
      setExporting(false);
    }
  };

  return (
    <section className="customer-timeline" aria-labelledby={headingId}>
      <div className="customer-timeline-header">
        <h3 id={headingId} className="customer-tools-title">
          {t('timeline.title')}
        </h3>
        <button type="button" className="button button-small" disabled={exporting} onClick={() => void exportCsv()}>
          {t('timeline.export')}
        </button>
      </div>
      <div className="customer-timeline-filters" role="group" aria-label={t('timeline.filter.label')}>
        {FILTERS.map((option) => (
          <button key={option} type="button" className="button button-quiet button-small" aria-pressed={filter === option} onClick={() => setFilter(option)}>
            {t(`timeline.filter.${option}`)}
          </button>
        ))}
      </div>
      {failed && (
        <p className="customer-tools-problem" role="alert">
          {t('timeline.failed')}
        </p>
      )}
      {loading ? (
        <p className="customer-tools-muted">{t('timeline.loading')}</p>
      ) : entries.length === 0 ? (
        <p className="customer-tools-muted">{filter === 'all' ? t('timeline.empty') : t('timeline.emptyFiltered')}</p>
      ) : (
        <ol className="customer-timeline-list" aria-labelledby={headingId}>
          {entries.map((entry) => {
            const code = entry.wrapUpCode === null ? null : (codes.find((known) => known.id === entry.wrapUpCode)?.label ?? entry.wrapUpCode);
            return (
              <li key={entry.id} className={`customer-timeline-entry customer-timeline-${channelKey(entry.channel)}`}>
                <p className="customer-timeline-meta">
                  <time dateTime={new Date(entry.at).toISOString()}>{formatTime(entry.at, i18n.language)}</time>
                  {' · '}
                  <span className="customer-timeline-channel">{t(`timeline.channel.${channelKey(entry.channel)}`)}</span>
                  {' · '}
                  <span>{t(`timeline.direction.${entry.direction}`)}</span>
                </p>
                {entry.summary !== '' && <ClampedText text={entry.summary} lines={3} className="customer-timeline-summary" />}
                {code !== null && (
                  <p className="customer-timeline-code">
                    {t('timeline.wrapUp')}: <InertText text={code} className="customer-timeline-code-value" />
                  </p>
                )}
                {entry.channel === 'call' && entry.conversationId !== null && <TimelineCase conversationId={entry.conversationId} />}
                {entry.channel === 'call' && entry.uri !== null && (
                  <button type="button" className="button button-quiet button-small" onClick={() => setDialDraft(entry.uri ?? '')}>
                    {t('timeline.openCall')}
                  </button>
                )}
                {entry.channel !== 'call' && entry.conversationId !== null && (
                  <button type="button" className="button button-quiet button-small" onClick={() => void selectConversation(entry.conversationId)}>
                    {t('timeline.openConversation')}
                  </button>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {hasMore && (
        <button type="button" className="button button-quiet button-small" onClick={() => void showOlder()}>
          {t('timeline.older')}
        </button>
      )}
    </section>
  );
}

/** `first`, then the entries of `more` it doesn't hold yet (pages can overlap on equal times). */
function withOlder(first: readonly TimelineEntry[], more: readonly TimelineEntry[]): readonly TimelineEntry[] {
  if (more.length === 0) return first;
  const known = new Set(first.map((entry) => entry.id));
  return [...first, ...more.filter((entry) => !known.has(entry.id))];
}
