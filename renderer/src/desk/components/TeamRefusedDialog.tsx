import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { TEAM_REFUSED_ERRORS, type ContractError, type RefusedTeamWrite } from '@tandem/contract';
import { errorKeyOf } from '../../i18n/resources';
import { useTandemStore } from '../../store/useTandemStore';
import { formatTime } from '../../ui/format';
import { InertText } from '../../ui/InertText';
import { refusedDetail, refusedKey, refusedWhatKey, refusedWhyKey } from '../teamRefused';

/** Main's own refusal ("already retried or discarded"), else the generic text for the error's code. */
const problemKey = (error: ContractError) => (error.messageKey === TEAM_REFUSED_ERRORS.gone ? TEAM_REFUSED_ERRORS.gone : errorKeyOf(error));

/**
 * The writes the team database refused for good, opened from the Team status
 * ("2 changes refused"): each with what it was and the text it carried, why
 * it was refused in the agent's words, and when, with "Send again" and
 * "Discard". Nothing leaves this list unless the agent discards it or the
 * database takes it. Not modal: the agent may copy a note's words into the
 * desk while it is open. Escape or Close puts the focus back on the opener.
 */
export function TeamRefusedDialog({ id, onClose }: { readonly id: string; readonly onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const titleId = useId();
  const introId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);
  const view = useTandemStore((state) => state.teamRefused);
  const retry = useTandemStore((state) => state.retryTeamRefused);
  const discard = useTandemStore((state) => state.discardTeamRefused);
  // Focus moves in with the dialog, so Escape and Tab work at once.
  useEffect(() => dialogRef.current?.focus(), []);
  if (!view.open) return null;

  const row = (refused: RefusedTeamWrite) => {
    const key = refusedKey(refused);
    const detail = refusedDetail(refused.write);
    const ref = { id: refused.write.id, at: refused.at };
    return (
      <li key={key} className="team-refused-row" aria-labelledby={`${titleId}-${key}`}>
        <p id={`${titleId}-${key}`} className="team-refused-what">
          {t(refusedWhatKey(refused.write))}
        </p>
        {detail === null ? null : <InertText className="team-refused-text" text={detail.text} dir={detail.ltr ? 'ltr' : 'auto'} />}
        <p className="team-refused-why">{t(refusedWhyKey(refused.code))}</p>
        <p className="team-refused-when">{t('team.refusedDialog.when', { time: formatTime(refused.at, i18n.language) })}</p>
        <div className="team-refused-actions">
          <button type="button" className="button button-small" onClick={() => void retry(ref)}>
            {t('team.refusedDialog.retry')}
          </button>
          <button type="button" className="button button-small button-quiet" onClick={() => void discard(ref)}>
            {t('team.refusedDialog.discard')}
          </button>
        </div>
      </li>
    );
  };

  return (
    <div
      id={id}
      role="dialog"
      aria-labelledby={titleId}
      aria-describedby={introId}
      aria-busy={view.writes === null}
      className="team-refused-dialog"
      ref={dialogRef}
      tabIndex={-1}
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId} className="team-refused-title">
        {t('team.refusedDialog.title')}
      </h2>
      <p id={introId} className="team-refused-intro">
        {t('team.refusedDialog.intro')}
      </p>
      {view.error === null ? null : <p role="alert">{t(problemKey(view.error))}</p>}
      {view.writes !== null && view.writes.length === 0 ? <p>{t('team.refusedDialog.empty')}</p> : null}
      {view.writes !== null && view.writes.length > 0 ? (
        <ul aria-label={t('team.refusedDialog.list')} className="team-refused-list">
          {view.writes.map(row)}
        </ul>
      ) : null}
      <button type="button" className="button" onClick={onClose}>
        {t('team.refusedDialog.close')}
      </button>
    </div>
  );
}
