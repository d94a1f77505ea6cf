import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { DEFAULT_WRAP_UP_CODES } from '../../customers/model';
import { useTandemStore } from '../../store/useTandemStore';

/** The wrap-up codes on offer: the team's list from settings, or our translated defaults. */
export function useWrapUpCodes(): readonly { readonly id: string; readonly label: string }[] {
  const { t } = useTranslation();
  const configured = useTandemStore((state) => state.settings?.wrapUpCodes);
  if (configured !== undefined && configured.length > 0) return configured;
  return DEFAULT_WRAP_UP_CODES.map((id) => ({ id, label: t(`wrapUp.codes.${id}`) }));
}

/**
 * Notes for the call in the panel, autosaved while typing (a reload loses
 * nothing), and its wrap-up code. Both are written with the call's record
 * at hang-up; changes after hang-up update that same record.
 */
export function CallNotes() {
  const { t } = useTranslation();
  const notesId = useId();
  const codeId = useId();
  const { note, ended } = useTandemStore(useShallow((state) => ({ note: state.callNote, ended: state.contextCall?.state === 'ended' })));
  const setText = useTandemStore((state) => state.setCallNoteText);
  const setCode = useTandemStore((state) => state.setWrapUpCode);
  const codes = useWrapUpCodes();
  if (note === null) return null;
  const unknownCode = note.wrapUpCode !== null && !codes.some((code) => code.id === note.wrapUpCode);
  return (
    <div className="context-call-notes">
      <label htmlFor={notesId} className="context-label">
        {t('wrapUp.notes')}
      </label>
      <textarea
        id={notesId}
        dir="auto"
        className="context-notes-input"
        rows={4}
        value={note.text}
        maxLength={20_000}
        onChange={(event) => setText(event.target.value)}
      />
      <div className="context-call-notes-footer">
        <label htmlFor={codeId} className="context-label">
          {t('wrapUp.code')}
        </label>
        <select id={codeId} value={note.wrapUpCode ?? ''} onChange={(event) => void setCode(event.target.value === '' ? null : event.target.value)}>
          <option value="">{t('wrapUp.none')}</option>
          {codes.map((code) => (
            <option key={code.id} value={code.id}>
              {code.label}
            </option>
          ))}
          {unknownCode && <option value={note.wrapUpCode ?? ''}>{note.wrapUpCode}</option>}
        </select>
        <span className="context-muted" role="status">
          {note.saved ? (ended ? t('wrapUp.savedWithCall') : t('wrapUp.saved')) : t('wrapUp.saving')}
        </span>
      </div>
    </div>
  );
}
