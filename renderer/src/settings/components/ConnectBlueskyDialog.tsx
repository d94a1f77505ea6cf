import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ModalDialog } from '../../ui/ModalDialog';
import { ConnectBlueskyForm } from './ConnectBlueskyForm';

/**
 * "Connect Bluesky" as a modal dialog, opened from the first-run call to
 * action or from Accounts (`connectBlueskyOpen` in the settings slice). Modal
 * because an app password is being typed: nothing else on the desk should
 * take the keys meanwhile. Closing it puts the focus back on the button that
 * opened it, or on Accounts when that button is gone (the call to action
 * hides once an account is connected).
 */
export function ConnectBlueskyDialog({ onClose, fallbackFocus }: { readonly onClose: () => void; readonly fallbackFocus: () => HTMLElement | null }) {
  const { t } = useTranslation();
  const titleId = useId();
  return (
    <ModalDialog titleId={titleId} className="modal-dialog connect-bluesky-dialog" onClose={onClose} fallbackFocus={fallbackFocus}>
      <h2 id={titleId} className="modal-dialog-title">
        {t('accounts.social.addTitle')}
      </h2>
      <p className="modal-dialog-lead">{t('accounts.social.addLead')}</p>
      <ConnectBlueskyForm onDone={onClose} />
    </ModalDialog>
  );
}
