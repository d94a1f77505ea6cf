import { useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useTandemStore } from '../../store/useTandemStore';
import { ConnectBlueskyDialog } from './ConnectBlueskyDialog';
import { PhoneAccountForm } from './PhoneAccountForm';
import { SocialAccountRow } from './SocialAccountRow';
import { SocialColumnToggle } from './SocialColumnToggle';
import { TeamPasswordForm } from './TeamPasswordForm';

/**
 * The accounts panel in the header: the phone account, the social accounts
 * (app passwords, Add Bluesky account, Remove), the social column, and the
 * team database password. The first-run call to action opens it at the phone
 * form (`accountsPanel`). The "Connect Bluesky" dialog lives here, beside the
 * Accounts button it falls back to, because the header is always mounted and
 * the call to action that may open it is not.
 */
export function AccountSettings() {
  const { t } = useTranslation();
  const panelId = useId();
  const headingId = useId();
  const panel = useTandemStore((state) => state.accountsPanel);
  const openAccounts = useTandemStore((state) => state.openAccounts);
  const connectOpen = useTandemStore((state) => state.connectBlueskyOpen);
  const openConnectBluesky = useTandemStore((state) => state.openConnectBluesky);
  const opener = useRef<HTMLButtonElement>(null);
  const social = useTandemStore((state) => state.settings?.social ?? null);
  const teamDatabase = useTandemStore((state) => state.settings?.team.database ?? null);
  const open = panel !== null;

  return (
    <div className="account-settings">
      <button
        ref={opener}
        type="button"
        className="button button-quiet"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => openAccounts(open ? null : 'all')}
      >
        {t('accounts.open')}
      </button>
      {open && (
        <div id={panelId} role="group" aria-labelledby={headingId} className="account-panel">
          <h2 id={headingId} className="account-panel-title">
            {t('accounts.title')}
          </h2>
          <PhoneAccountForm />
          {social?.map((account) => (
            <SocialAccountRow key={`${account.network}:${account.handle}`} account={account} />
          ))}
          {teamDatabase === null && (
            <button type="button" className="button button-small" aria-haspopup="dialog" onClick={() => openConnectBluesky(true)}>
              {t('accounts.social.add')}
            </button>
          )}
          <SocialColumnToggle />
          {teamDatabase !== null && <TeamPasswordForm hasPassword={teamDatabase.hasPassword} />}
          <button type="button" className="button button-small" onClick={() => openAccounts(null)}>
            {t('accounts.close')}
          </button>
        </div>
      )}
      {connectOpen && <ConnectBlueskyDialog onClose={() => openConnectBluesky(false)} fallbackFocus={() => opener.current} />}
    </div>
  );
}
