import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Note } from '../../customers/model';
import { useTandemStore } from '../../store/useTandemStore';
import { formatTime } from '../../ui/format';
import { ClampedText } from './ContextText';
import { ContextSection } from './IdentitySection';

/** The customer's notes, newest first, and a box to add one. */
export function ContextNotes({ notes }: { readonly notes: readonly Note[] }) {
  const { t, i18n } = useTranslation();
  const inputId = useId();
  const [text, setText] = useState('');
  const [important, setImportant] = useState(false);
  const addNote = useTandemStore((state) => state.addCustomerNote);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() === '') return;
    if (!(await addNote(text, important))) return;
    setText('');
    setImportant(false);
  };
  return (
    <ContextSection title={t('context.notesTitle')} className="context-notes">
      {notes.length === 0 ? (
        <p className="context-muted">{t('context.noNotes')}</p>
      ) : (
        <ul className="context-list">
          {notes.map((note) => (
            <li key={note.id} className="context-note" data-important={note.important === true}>
              <p className="context-muted">
                {note.important === true && <span className="context-note-important">{t('context.noteImportant')} · </span>}
                {formatTime(note.updatedAt, i18n.language)}
                {note.callId !== null && ` · ${t('context.channel.call')}`}
                {note.author !== undefined && ` · ${t('context.noteBy', { name: note.author.name })}`}
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
        <textarea id={inputId} dir="auto" rows={2} value={text} maxLength={20_000} onChange={(event) => setText(event.target.value)} />
        {/* Important notes show on the customer's ringing banner, before anyone answers their next call. */}
        <label className="context-check">
          <input type="checkbox" checked={important} onChange={(event) => setImportant(event.target.checked)} />
          {t('context.noteImportant')}
        </label>
        <button type="submit" className="button button-small">
          {t('context.addNote')}
        </button>
      </form>
    </ContextSection>
  );
}
