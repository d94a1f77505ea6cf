import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useTandemStore } from '../../store/useTandemStore';
import { ConnectBlueskyForm } from './ConnectBlueskyForm';
import { PhoneAccountForm } from './PhoneAccountForm';
import { SocialAccountRow } from './SocialAccountRow';
import { SocialColumnToggle } from './SocialColumnToggle';
import { TeamPasswordForm } from './TeamPasswordForm';

/**
 * The accounts panel in the header: the phone account, the social accounts
 * (app passwords, Add Bluesky account, Remove), the social column, and the
 * team database password. The first-run call to action opens it at the part
 * the agent chose (`accountsPanel`).
 */
export function AccountSettings() {
  const { t } = useTranslation();
  const panelId = useId();
  const headingId = useId();
  const panel = useTandemStore((state) => state.accountsPanel);
  const openAccounts = useTandemStore((state) => state.openAccounts);
  const social = useTandemStore((state) => state.settings?.social ?? null);
  const teamDatabase = useTandemStore((state) => state.settings?.team.database ?? null);
  const open = panel !== null;

  return (
    <div className="account-settings">
      <button type="button" className="button button-quiet" aria-expanded={open} aria-controls={panelId} onClick={() => openAccounts(open ? null : 'all')}>
        {t('accounts.open')}
      </button>
      {open && (
        <div id={panelId} role="group" aria-labelledby={headingId} className="account-panel">
          <h2 id={headingId} className="account-panel-title">
            {t('accounts.title')}
          </h2>
          {panel !== 'bluesky' && <PhoneAccountForm />}
          {social?.map((account) => (
            <SocialAccountRow key={`${account.network}:${account.handle}`} account={account} />
          ))}
          {teamDatabase === null &&
            (panel === 'bluesky' ? (
              <ConnectBlueskyForm onDone={() => openAccounts('all')} />
            ) : (
              <button type="button" className="button button-small" onClick={() => openAccounts('bluesky')}>
                {t('accounts.social.add')}
              </button>
            ))}
          <SocialColumnToggle />
          {teamDatabase !== null && <TeamPasswordForm hasPassword={teamDatabase.hasPassword} />}
          <button type="button" className="button button-small" onClick={() => openAccounts(null)}>
            {t('accounts.close')}
          </button>
        </div>
      )}
    </div>
  );
}
