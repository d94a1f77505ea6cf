import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_SHORTCUTS, SHORTCUT_ACTIONS } from '@tandem/contract';
import { useTandemStore } from '../../store/useTandemStore';
import { useShortcuts } from '../useShortcuts';
import { ShortcutKeys } from './ShortcutKeys';

/**
 * The header's "Keyboard shortcuts" button and the list it opens (also opened with `?` outside a text field).
 * It installs the desk's shortcuts, so they exist exactly once and always with their list. The list is not
 * modal: the agent may keep working while reading it. Escape or Close puts the focus back where it was.
 */
export function KeyboardShortcuts() {
  const { t } = useTranslation();
  const titleId = useId();
  const dialogId = useId();
  const [open, setOpen] = useState(false);
  const openerRef = useRef<HTMLButtonElement>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  /** Where the focus was when the list opened, to go back to on close. */
  const returnRef = useRef<HTMLElement | null>(null);
  const bindings = useTandemStore((state) => state.settings?.shortcuts ?? DEFAULT_SHORTCUTS);

  const show = () => {
    if (open) return;
    const active = document.activeElement;
    returnRef.current = active instanceof HTMLElement && active !== document.body ? active : openerRef.current;
    setOpen(true);
  };
  const close = () => {
    setOpen(false);
    (returnRef.current ?? openerRef.current)?.focus();
  };
  useShortcuts(show);
  // Focus moves in with the list, so Escape and Tab work at once.
  useEffect(() => {
    if (open) dialogRef.current?.focus();
  }, [open]);

  return (
    <div className="shortcuts">
      <button
        ref={openerRef}
        type="button"
        className="button button-quiet"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? dialogId : undefined}
        aria-keyshortcuts="?"
        onClick={() => (open ? close() : show())}
      >
        {t('shortcuts.open')}
      </button>
      {open && (
        <div
          id={dialogId}
          role="dialog"
          aria-labelledby={titleId}
          className="shortcuts-dialog"
          ref={dialogRef}
          tabIndex={-1}
          onKeyDown={(event) => {
            if (event.key !== 'Escape') return;
            event.preventDefault();
            close();
          }}
        >
          <h2 id={titleId} className="shortcuts-title">
            {t('shortcuts.title')}
          </h2>
          <p className="shortcuts-intro">{t('shortcuts.intro')}</p>
          <table className="shortcuts-table">
            <thead>
              <tr>
                <th scope="col">{t('shortcuts.table.action')}</th>
                <th scope="col">{t('shortcuts.table.keys')}</th>
              </tr>
            </thead>
            <tbody>
              {SHORTCUT_ACTIONS.map((action) => (
                <tr key={action}>
                  <th scope="row">{t(`shortcuts.actions.${action}`)}</th>
                  <td>
                    <ShortcutKeys combo={bindings[action]} />
                  </td>
                </tr>
              ))}
              <tr>
                <th scope="row">{t('shortcuts.help')}</th>
                <td>
                  <ShortcutKeys combo="?" />
                </td>
              </tr>
            </tbody>
          </table>
          <button type="button" className="button button-small" onClick={close}>
            {t('shortcuts.close')}
          </button>
        </div>
      )}
    </div>
  );
}
