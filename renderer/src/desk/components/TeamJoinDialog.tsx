import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useTandemStore } from '../../store/useTandemStore';
import { downloadText } from '../../ui/download';
import { joinErrorKey, joinReportCounts, joinReportText } from '../teamJoinReport';

const TEXT_TYPE = 'text/plain;charset=utf-8';

/**
 * First join: the offer to move this desk's own history into the team, the
 * move's progress, and its report (teamJoinSlice.ts). A dialog named by its
 * title; nothing is shown while there is nothing to ask or say.
 */
export function TeamJoinDialog() {
  const { t } = useTranslation();
  const titleId = useId();
  const textId = useId();
  const join = useTandemStore((state) => state.teamJoin);
  const accept = useTandemStore((state) => state.acceptTeamJoin);
  const postpone = useTandemStore((state) => state.postponeTeamJoin);
  const decline = useTandemStore((state) => state.declineTeamJoin);
  const close = useTandemStore((state) => state.closeTeamJoin);
  if (join.phase === 'idle') return null;

  const title =
    join.phase === 'offered'
      ? 'teamJoin.title'
      : join.phase === 'moving'
        ? 'teamJoin.movingTitle'
        : join.phase === 'failed'
          ? 'teamJoin.failedTitle'
          : 'teamJoin.doneTitle';
  return (
    <div role="dialog" aria-labelledby={titleId} aria-describedby={textId} aria-busy={join.phase === 'moving'} className="team-join">
      <h2 id={titleId} className="team-join-title">
        {t(title)}
      </h2>
      {join.phase === 'offered' && (
        <>
          <p id={textId}>{t('teamJoin.offer')}</p>
          <div className="team-join-actions">
            <button type="button" className="button button-primary" onClick={() => void accept()}>
              {t('teamJoin.move')}
            </button>
            <button type="button" className="button" onClick={postpone}>
              {t('teamJoin.notNow')}
            </button>
            <button type="button" className="button button-quiet" onClick={() => void decline()}>
              {t('teamJoin.never')}
            </button>
          </div>
        </>
      )}
      {join.phase === 'moving' && (
        <p id={textId} role="status">
          {t('teamJoin.progress', { customers: join.progress.customers, rows: join.progress.rows })}
        </p>
      )}
      {join.phase === 'failed' && (
        <>
          <div id={textId}>
            <p role="alert">{join.error === null ? null : t(joinErrorKey(join.error))}</p>
            <p>{t('teamJoin.failed')}</p>
          </div>
          <div className="team-join-actions">
            <button type="button" className="button button-primary" onClick={() => void accept()}>
              {t('teamJoin.retry')}
            </button>
            <button type="button" className="button" onClick={postpone}>
              {t('teamJoin.notNow')}
            </button>
          </div>
        </>
      )}
      {join.phase === 'done' && join.report !== null && (
        <>
          <ul id={textId} aria-label={t('teamJoin.report.label')} className="team-join-report">
            {joinReportCounts(join.report, t).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <div className="team-join-actions">
            <button
              type="button"
              className="button"
              onClick={() => join.report !== null && downloadText(document, t('teamJoin.report.fileName'), joinReportText(join.report, t), TEXT_TYPE)}
            >
              {t('teamJoin.report.download')}
            </button>
            <button type="button" className="button button-primary" onClick={close}>
              {t('teamJoin.report.close')}
            </button>
          </div>
        </>
      )}
    </div>
  );
}
