import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { MentionSpike } from '@tandem/contract';
import { useTandemStore } from '../../store/useTandemStore';
import { formatClock, formatNumber, formatScore, formatWaiting } from '../../ui/format';
import { InertText } from '../../ui/InertText';
import { EmptyState, Region } from '../../ui/Region';
import { complaintAlerts, type ComplaintAlert } from '../complaintAlerts';
import { judge } from '../queueJudgement';
import { AlertNotificationsPrompt } from './AlertNotificationsPrompt';
import { CallerText } from './CallerText';

/** The spike's interval length, as the team database counts (main/core/supervisor/alertsSpike.ts). */
const INTERVAL_MS = 15 * 60_000;

/**
 * The region "Alerts" of the supervisor view (issue 16, item 4): (a) a live
 * call from a customer who has an open negative public post, with the post,
 * its reach and its sentiment beside the call; (b) a spike of mentions
 * against the moving baseline, with the calls it should bring. Each alert is
 * also raised once as a desktop notification (main's notifier).
 */
export function AlertsRegion() {
  const { t } = useTranslation();
  const { queue, raiseAlerts } = useTandemStore(useShallow((state) => ({ queue: state.supervisorQueue, raiseAlerts: state.raiseAlerts })));
  // Only agents with a call can raise one: the other members' changes leave this region alone.
  const calling = useTandemStore(useShallow((state) => (state.board?.agents ?? []).filter((agent) => agent.call !== undefined)));
  // Sentiment is read once per queue read, not again at every call change.
  const judged = useMemo(() => (queue === null ? [] : queue.conversations.map(judge)), [queue]);
  const complaints = useMemo(() => complaintAlerts(calling, judged), [calling, judged]);
  const spike = queue?.spike ?? null;
  useEffect(() => {
    raiseAlerts([
      ...complaints.map((alert) => ({
        key: alert.key,
        notice: { kind: 'complaint' as const, conversationId: alert.post.conversation.id, party: alert.party },
      })),
      ...(spike === null ? [] : [{ key: `spike|${String(spike.intervalStart)}`, notice: { kind: 'spike' as const, intervalStart: spike.intervalStart } }]),
    ]);
  }, [complaints, spike, raiseAlerts]);
  return (
    <Region title={t('supervisor.alerts.title')} className="supervisor-alerts">
      <AlertNotificationsPrompt />
      {complaints.length === 0 && spike === null ? (
        <EmptyState>{t('supervisor.alerts.empty')}</EmptyState>
      ) : (
        <ul className="supervisor-alert-list">
          {complaints.map((alert) => (
            <ComplaintItem key={alert.key} alert={alert} />
          ))}
          {spike === null ? null : <SpikeItem spike={spike} />}
        </ul>
      )}
    </Region>
  );
}

function ComplaintItem({ alert }: { readonly alert: ComplaintAlert }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const { conversation, tone, score } = alert.post;
  return (
    <li className="supervisor-alert" data-kind="complaint">
      <p className="supervisor-alert-title">
        <strong>{t('supervisor.alerts.complaintTitle')}</strong>
      </p>
      <p>
        <InertText text={alert.agent.name} /> {t(alert.agent.state === 'ringing' ? 'supervisor.alerts.ringingFrom' : 'supervisor.alerts.onCallWith')}{' '}
        <CallerText party={alert.party} customerName={conversation.customerName} />
      </p>
      <p>
        {t('supervisor.alerts.postBy')}{' '}
        {conversation.authorName === '' ? null : (
          <>
            <InertText text={conversation.authorName} />{' '}
          </>
        )}
        <InertText dir="ltr" text={`@${conversation.authorHandle}`} />
      </p>
      <blockquote className="supervisor-alert-post">
        <InertText text={conversation.text} />
      </blockquote>
      <p>
        {conversation.authorFollowers === null
          ? t('supervisor.alerts.reachUnknown')
          : t('supervisor.alerts.reachFollowers', { followers: formatNumber(conversation.authorFollowers, language) })}
      </p>
      <p>
        {t('supervisor.alerts.sentiment', {
          tone: t(`supervisor.queue.tone.${tone}`),
          score: score === null ? '—' : formatScore(score, language),
        })}
      </p>
    </li>
  );
}

function SpikeItem({ spike }: { readonly spike: MentionSpike }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const horizon = formatWaiting(spike.horizonIntervals * INTERVAL_MS, language);
  return (
    <li className="supervisor-alert" data-kind="spike">
      <p className="supervisor-alert-title">
        <strong>{t('supervisor.alerts.spikeTitle')}</strong>
      </p>
      <p>
        {t('supervisor.alerts.spikeBody', {
          mentions: formatNumber(spike.mentions, language),
          from: formatClock(spike.intervalStart, language),
          to: formatClock(spike.intervalStart + INTERVAL_MS, language),
          baseline: formatNumber(Math.round(spike.baseline * 10) / 10, language),
        })}
      </p>
      <p>
        {spike.callsPerMention === null || spike.expectedCalls === null
          ? t('supervisor.alerts.spikeNoHistory')
          : t('supervisor.alerts.spikeEffect', {
              ratio: formatNumber(Math.round(spike.callsPerMention * 100) / 100, language),
              calls: formatNumber(Math.round(spike.expectedCalls), language),
              horizon,
            })}
      </p>
    </li>
  );
}
