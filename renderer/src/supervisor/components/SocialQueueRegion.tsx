import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { TEAM_CONVERSATION_STATUSES, type ResponseTargets } from '@tandem/contract';
import { useTandemStore } from '../../store/useTandemStore';
import { formatNumber, formatScore, formatWaiting } from '../../ui/format';
import { InertText } from '../../ui/InertText';
import { EmptyState, Region } from '../../ui/Region';
import { useJudgingNow } from '../../ui/useJudgingNow';
import { firstResponse, judge, oldestWaiting, queueOrder, responseThresholds, type JudgedConversation } from '../queueJudgement';

/**
 * The region "Social queue" of the supervisor view (issue 16, item 3): the
 * team's conversations by status, who has waited longest, each open one's
 * first response against its channel's target (a breach is said in words,
 * not by colour alone), negative posts first, who handles each, and "Take
 * over". Data from the team database (`supervisor_queue()`), read by main.
 */
export function SocialQueueRegion() {
  const { t, i18n } = useTranslation();
  const { queue, problem, loadQueue } = useTandemStore(
    useShallow((state) => ({ queue: state.supervisorQueue, problem: state.supervisorQueueProblem, loadQueue: state.loadSupervisorQueue })),
  );
  useEffect(() => {
    void loadQueue();
  }, [loadQueue]);
  const thresholds = useMemo(() => (queue === null ? [] : responseThresholds(queue.conversations, queue.targets)), [queue]);
  // The minute clock for the waits shown, moved to the very instant a row turns near or over its target.
  const now = useJudgingNow(thresholds);
  const rows = useMemo(() => (queue === null ? [] : queueOrder(queue.conversations.map(judge))), [queue]);
  const language = i18n.language;
  const oldest = queue === null ? undefined : oldestWaiting(queue.conversations);
  const breaches = queue === null ? 0 : rows.filter((row) => firstResponse(row.conversation, queue.targets, now).tone === 'over').length;
  return (
    <Region title={t('supervisor.queue.title')} className="supervisor-queue">
      {problem === null ? null : (
        <p role="alert" className="supervisor-problem">
          {t(problem)}
        </p>
      )}
      {queue === null ? null : (
        <>
          <dl className="supervisor-queue-figures">
            {TEAM_CONVERSATION_STATUSES.map((status) => (
              <div key={status}>
                <dt>{t(`supervisor.queue.status.${status}`)}</dt>
                <dd>{formatNumber(queue.counts[status], language)}</dd>
              </div>
            ))}
            <div>
              <dt>{t('supervisor.queue.oldestWaiting')}</dt>
              <dd>
                {oldest?.waitingSince == null ? (
                  t('supervisor.queue.nobodyWaiting')
                ) : (
                  <>
                    {formatWaiting(now - oldest.waitingSince, language)} <InertText dir="ltr" text={`@${oldest.authorHandle}`} />
                  </>
                )}
              </dd>
            </div>
            <div>
              <dt>{t('supervisor.queue.overTargetCount')}</dt>
              <dd>{formatNumber(breaches, language)}</dd>
            </div>
            <div>
              <dt>{t('supervisor.queue.targets')}</dt>
              <dd>
                {t('supervisor.queue.targetsValue', {
                  public: formatWaiting(queue.targets.public, language),
                  private: formatWaiting(queue.targets.private, language),
                })}
              </dd>
            </div>
          </dl>
          {rows.length === 0 ? (
            <EmptyState>{t('supervisor.queue.empty')}</EmptyState>
          ) : (
            <ul className="supervisor-queue-list">
              {rows.map((row) => (
                <QueueItem key={row.conversation.id} row={row} targets={queue.targets} now={now} />
              ))}
            </ul>
          )}
        </>
      )}
    </Region>
  );
}

function QueueItem({ row, targets, now }: { readonly row: JudgedConversation; readonly targets: ResponseTargets; readonly now: number }) {
  const { t, i18n } = useTranslation();
  const { takeOver, problem } = useTandemStore(
    useShallow((state) => ({
      takeOver: state.takeOverFromQueue,
      problem: state.takeOverProblem?.conversationId === row.conversation.id ? state.takeOverProblem.key : null,
    })),
  );
  const language = i18n.language;
  const { conversation } = row;
  const response = firstResponse(conversation, targets, now);
  const figures = { time: formatWaiting(response.ms, language), target: formatWaiting(response.targetMs, language) };
  return (
    <li className="supervisor-queue-item" data-tone={row.tone} data-response={response.tone}>
      <p className="supervisor-queue-who">
        <span className="supervisor-queue-channel">{t(`supervisor.queue.channel.${conversation.visibility}`)}</span>{' '}
        {conversation.authorName === '' ? null : (
          <>
            <InertText className="supervisor-queue-author" text={conversation.authorName} />{' '}
          </>
        )}
        <InertText dir="ltr" text={`@${conversation.authorHandle}`} />
      </p>
      <p className="supervisor-queue-meta">
        <span className="supervisor-queue-tone">
          {t(`supervisor.queue.tone.${row.tone}`)}
          {row.score === null ? null : ` (${formatScore(row.score, language)})`}
        </span>
        {' · '}
        <span>{t(`supervisor.queue.status.${conversation.status}`)}</span>
      </p>
      <p className="supervisor-queue-text">
        <InertText text={conversation.text} />
      </p>
      <p className="supervisor-queue-response">
        {t(response.kind === 'answered' ? 'supervisor.queue.answeredIn' : 'supervisor.queue.waitingFor', figures)}
        {response.tone === 'calm' ? null : (
          <>
            {' '}
            <strong className="supervisor-queue-breach">{t(response.tone === 'over' ? 'supervisor.queue.overTarget' : 'supervisor.queue.nearTarget')}</strong>
          </>
        )}
      </p>
      <p className="supervisor-queue-handler">
        {conversation.handler === null ? (
          t('supervisor.queue.unassigned')
        ) : (
          <>
            {t('supervisor.queue.handledBy')} <InertText text={conversation.handler.name} />
          </>
        )}
      </p>
      <button type="button" className="button" onClick={() => void takeOver(conversation.id)}>
        {t('supervisor.queue.takeOver')}
      </button>
      {problem === null ? null : (
        <p role="alert" className="supervisor-problem">
          {t(problem)}
        </p>
      )}
    </li>
  );
}
