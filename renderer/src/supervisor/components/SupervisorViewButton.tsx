import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useTandemStore } from '../../store/useTandemStore';
import { SUPERVISOR_URL } from '../supervisorPage';

/**
 * "Supervisor view" in the header, for a supervisor's login only (the team
 * database says who is one; it also refuses the board to anyone else). In the
 * browser the view opens in a new tab at `/supervisor`, behind the same
 * cookie; Electron opens a window of its own.
 */
export function SupervisorViewButton() {
  const { t } = useTranslation();
  const { allowed, shell, open } = useTandemStore(
    useShallow((state) => ({ allowed: state.supervisorAllowed, shell: state.appInfo?.shell, open: state.openSupervisorView })),
  );
  if (!allowed) return null;
  return (
    <button
      type="button"
      className="button supervisor-view-button"
      onClick={() => {
        // Opened at once, inside the click: a tab opened after an await is a pop-up to the browser.
        if (shell === 'web') {
          window.open(SUPERVISOR_URL, '_blank', 'noopener');
          return;
        }
        void open();
      }}
    >
      {t('supervisor.open')}
    </button>
  );
}
