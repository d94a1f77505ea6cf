import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { ConnectorStatus, Language, SocialItem } from '@tandem/contract';
import type { Conversation } from '../socialTables';
import { caseLanguage } from '../offline/offlineTexts';
import { callParty, caseEntries, caseNumber, caseStart, closingNotePosted, type CaseCall } from '../offline/offlineCase';
import { signatureOf } from '../brandPolicy';
import { useTandemStore } from '../../store/useTandemStore';
import { formatTime } from '../../ui/format';
import { InertText } from '../../ui/InertText';
import { isolatedLtr } from '../../ui/safeText';
import { LikeButton } from './LikeButton';
import { PostText, VisibilityMarker } from './SocialText';

const NO_CALLS: readonly CaseCall[] = [];

/** `canLike`: the account's network takes likes. Only a customer's public post (it has a cid) can be liked. */
function ThreadItem({ item, canLike }: { readonly item: SocialItem; readonly canLike: boolean }) {
  const { t, i18n } = useTranslation();
  const ours = item.kind === 'brand-reply' || item.kind === 'brand-message';
  const likeable = canLike && !ours && item.visibility === 'public' && item.cid !== null;
  return (
    <li className={ours ? 'thread-item thread-item-ours' : 'thread-item'}>
      <div className="thread-item-head">
        {ours && <span className="thread-ours">{t('inbox.thread.ours')}</span>}
        <InertText text={item.author.displayName} className="thread-name" /> <InertText text={`@${item.author.handle}`} className="thread-handle" />{' '}
        <VisibilityMarker visibility={item.visibility} />{' '}
        <time className="social-muted" dateTime={new Date(item.createdAt).toISOString()}>
          {formatTime(item.createdAt, i18n.language)}
        </time>
      </div>
      <PostText text={item.text} links={item.links} />
      {likeable && <LikeButton item={item} />}
    </li>
  );
}

/** The label of a wrap-up code: the team's list from settings, our translated defaults, or the code as stored. */
function useWrapUpLabel(): (code: string) => string {
  const { t, i18n } = useTranslation();
  const configured = useTandemStore((state) => state.settings?.wrapUpCodes);
  return (code) => {
    const key = `wrapUp.codes.${code}`;
    return configured?.find((known) => known.id === code)?.label ?? (i18n.exists(key) ? t(key as 'wrapUp.codes.resolved') : code);
  };
}

/** A call placed from the conversation, with what the agent wrote about it. */
function CallItem({ call }: { readonly call: CaseCall }) {
  const { t, i18n } = useTranslation();
  const wrapUpLabel = useWrapUpLabel();
  const number = isolatedLtr(callParty(call.uri));
  return (
    <li className="thread-item thread-item-call">
      <div className="thread-item-head">
        <InertText
          text={
            call.outcome === null ? t('offline.case.callPlaced', { number }) : t('offline.case.call', { number, outcome: t(`callLog.outcome.${call.outcome}`) })
          }
        />{' '}
        <time className="social-muted" dateTime={new Date(call.at).toISOString()}>
          {formatTime(call.at, i18n.language)}
        </time>
      </div>
      {call.summary !== '' && <InertText text={call.summary} className="thread-call-note" />}
      {call.wrapUpCode !== null && (
        <p className="thread-call-code">
          <InertText text={t('offline.case.wrapUp', { code: wrapUpLabel(call.wrapUpCode) })} />
        </p>
      )}
    </li>
  );
}

/**
 * The conversation as one case (issue 15): the public thread, and once the
 * brand has answered in public, the private messages with the same author
 * and the calls to the number they sent, in the order they happened. Below
 * it, what the case offers next: "Call now" to that number (or the text that
 * looked like one, shown back and never dialled), and after a call a public
 * closing note, written in the composer so it is checked and previewed like
 * every public reply. Once that note is in the thread, the case says so
 * instead of offering another.
 *
 * `holder`: the colleague handling the conversation, if any, and the element
 * saying so. Their desk acts on the case; this one shows the whole case with
 * "Call now" and the closing note disabled, described by that reason.
 */
export function CaseThread({
  conversation,
  connector,
  items,
  holder = null,
}: {
  readonly conversation: Conversation;
  readonly connector: ConnectorStatus | undefined;
  readonly items: readonly SocialItem[];
  readonly holder?: { readonly name: string; readonly reasonId: string } | null;
}) {
  const { t, i18n } = useTranslation();
  const { offlineCase, version, recentCalls, callNote, region, agentName, refresh, refreshCalls, callNow, setDraft } = useTandemStore(
    useShallow((state) => ({
      offlineCase: state.offlineCase?.conversationId === conversation.id ? state.offlineCase : null,
      version: state.conversationsVersion,
      recentCalls: state.recentCalls,
      callNote: state.callNote,
      region: state.settings?.sip?.defaultRegion ?? 'ZZ',
      agentName: state.settings?.agent.name ?? '',
      refresh: state.refreshOfflineCase,
      refreshCalls: state.refreshCaseCalls,
      callNow: state.callNow,
      setDraft: state.setDraft,
    })),
  );
  // Every change to the conversations may be the author's private answer.
  useEffect(() => void refresh(conversation.id), [refresh, conversation.id, version]);
  // A call ended (the call log changed) or its note or wrap-up code was saved: the case's calls are read again.
  useEffect(() => void refreshCalls(conversation.id), [refreshCalls, conversation.id, recentCalls, callNote]);
  const privateItems = offlineCase?.privateItems;
  const calls = offlineCase?.calls ?? NO_CALLS;
  const number = useMemo(() => caseNumber(privateItems ?? [], caseStart(items), region), [privateItems, items, region]);
  const entries = useMemo(() => caseEntries(items, privateItems ?? [], calls), [items, privateItems, calls]);
  const called = entries.some((entry) => entry.kind === 'call');
  const closed = useMemo(() => closingNotePosted(entries), [entries]);
  const canLike = connector?.capabilities.like === true;

  const writeClosingNote = () =>
    setDraft(conversation.id, {
      mode: 'public',
      // In the customer's language, like the acknowledgement.
      text: i18n.getFixedT(caseLanguage(conversation.meaning?.language.language, i18n.language as Language))('offline.templates.closingNote', {
        handle: conversation.authorHandle,
        signature: signatureOf(agentName),
      }),
    });

  return (
    <>
      {entries.length === 0 ? (
        <p className="empty-state">{t('inbox.thread.empty')}</p>
      ) : (
        <ol className="thread">
          {entries.map((entry) =>
            entry.kind === 'item' ? (
              <ThreadItem key={entry.item.uri} item={entry.item} canLike={canLike} />
            ) : (
              <CallItem key={entry.call.id} call={entry.call} />
            ),
          )}
        </ol>
      )}
      {number?.kind === 'number' && (
        <div className="offline-next">
          <InertText text={t('offline.case.numberSent', { handle: conversation.authorHandle, number: isolatedLtr(number.e164) })} />{' '}
          <button
            type="button"
            className="button button-primary button-small"
            disabled={holder !== null}
            aria-describedby={holder?.reasonId}
            onClick={() => void callNow(number)}
          >
            {t('offline.case.callNow')}
          </button>
        </div>
      )}
      {number?.kind === 'unreadable' && (
        <p className="offline-next offline-unreadable" role="status">
          <InertText text={t('offline.case.unreadable', { handle: conversation.authorHandle, typed: number.typed })} />
        </p>
      )}
      {called && conversation.visibility === 'public' && !closed && (
        <button type="button" className="button button-small" disabled={holder !== null} aria-describedby={holder?.reasonId} onClick={writeClosingNote}>
          {t('offline.case.closingNote')}
        </button>
      )}
      {called && closed && <p className="offline-next social-muted">{t('offline.case.closingNotePosted')}</p>}
    </>
  );
}
