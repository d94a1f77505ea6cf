import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimelineEntry } from '../../customers/customerRepository';
import type { Note } from '../../customers/model';
import { useTandemStore } from '../../store/useTandemStore';
import { formatTime } from '../social/format';
import { useWrapUpCodes } from './CallNotes';
import { ClampedText } from './ContextText';
import { ContextSection } from './IdentitySection';

/** The latest interactions across channels, newest first. */
export function ContextTimeline({ entries }: { readonly entries: readonly TimelineEntry[] }) {
  const { t, i18n } = useTranslation();
  const codes = useWrapUpCodes();
  return (
    <ContextSection title={t('context.historyTitle')} className="context-history">
      {entries.length === 0 ? (
        <p className="context-muted">{t('context.noHistory')}</p>
      ) : (
        <ul className="context-list">
          {entries.map((entry) => {
            const code = entry.wrapUpCode === null ? null : (codes.find((known) => known.id === entry.wrapUpCode)?.label ?? entry.wrapUpCode);
            return (
              <li key={entry.id} className={`context-entry context-entry-${entry.channel}`}>
                <p className="context-entry-meta">
                  <span className="context-kind">{t(`context.channel.${entry.channel}`)}</span>
                  {entry.direction !== 'internal' && <span className="context-muted"> · {t(`context.direction.${entry.direction}`)}</span>}
                  {entry.outcome !== null && <span className="context-muted"> · {t(`context.outcome.${entry.outcome}`)}</span>}
                  <span className="context-muted"> · {formatTime(entry.at, i18n.language)}</span>
                </p>
                {code !== null && (
                  <p className="context-entry-code">
                    {t('wrapUp.code')}: <ClampedText text={code} lines={1} />
                  </p>
                )}
                {entry.summary !== '' && <ClampedText text={entry.summary} lines={3} className="context-entry-summary" />}
              </li>
            );
          })}
        </ul>
      )}
    </ContextSection>
  );
}

/** The customer's notes, newest first, and a box to add one. */
export function ContextNotes({ notes }: { readonly notes: readonly Note[] }) {
  const { t, i18n } = useTranslation();
  const inputId = useId();
  const [text, setText] = useState('');
  const addNote = useTandemStore((state) => state.addCustomerNote);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() === '') return;
    if (await addNote(text)) setText('');
  };
  return (
    <ContextSection title={t('context.notesTitle')} className="context-notes">
      {notes.length === 0 ? (
        <p className="context-muted">{t('context.noNotes')}</p>
      ) : (
        <ul className="context-list">
          {notes.map((note) => (
            <li key={note.id} className="context-note">
              <p className="context-muted">
                {formatTime(note.updatedAt, i18n.language)}
                {note.callId !== null && ` · ${t('context.channel.call')}`}
              </p>
              <ClampedText text={note.text} lines={6} />
            </li>
          ))}
        </ul>
      )}
      <form className="context-inline-form" onSubmit={(event) => void submit(event)}>
        <label htmlFor={inputId} className="context-label">
          {t('context.addNoteLabel')}
        </label>
        <textarea id={inputId} rows={2} value={text} maxLength={20_000} onChange={(event) => setText(event.target.value)} />
        <button type="submit" className="button button-small">
          {t('context.addNote')}
        </button>
      </form>
    </ContextSection>
  );
}
