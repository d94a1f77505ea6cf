import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTandemStore } from '../../store/useTandemStore';
import { PhoneAccountForm } from './PhoneAccountForm';
import { SocialPasswordForm } from './SocialPasswordForm';
import { TeamPasswordForm } from './TeamPasswordForm';

/** The accounts panel in the header: the phone account, the social accounts' app passwords and the team database password. */
export function AccountSettings() {
  const { t } = useTranslation();
  const panelId = useId();
  const headingId = useId();
  const [open, setOpen] = useState(false);
  const social = useTandemStore((state) => state.settings?.social ?? null);
  const teamDatabase = useTandemStore((state) => state.settings?.team.database ?? null);

  return (
    <div className="account-settings">
      <button type="button" className="button button-quiet" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen(!open)}>
        {t('accounts.open')}
      </button>
      {open && (
        <div id={panelId} role="group" aria-labelledby={headingId} className="account-panel">
          <h2 id={headingId} className="account-panel-title">
            {t('accounts.title')}
          </h2>
          <PhoneAccountForm />
          {social?.map((account) => (
            <SocialPasswordForm
              key={`${account.network}:${account.handle}`}
              network={account.network}
              handle={account.handle}
              hasAppPassword={account.hasAppPassword}
            />
          ))}
          {teamDatabase !== null && <TeamPasswordForm hasPassword={teamDatabase.hasPassword} />}
          <button type="button" className="button button-small" onClick={() => setOpen(false)}>
            {t('accounts.close')}
          </button>
        </div>
      )}
    </div>
  );
}
