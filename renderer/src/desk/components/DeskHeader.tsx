import { useTranslation } from 'react-i18next';
import { AgentBadge } from './AgentBadge';
import { AccountSettings } from '../../settings/components/AccountSettings';
import { ConnectionStatus } from './ConnectionStatus';
import { KeyboardShortcuts } from '../../shortcuts/components/KeyboardShortcuts';
import { LanguageSwitch } from './LanguageSwitch';
import { TeamStatus } from './TeamStatus';
import { ThemeSwitch } from './ThemeSwitch';
import { AvailabilityControl } from '../../supervisor/components/AvailabilityControl';
import { SupervisorViewButton } from '../../supervisor/components/SupervisorViewButton';

export function DeskHeader() {
  const { t } = useTranslation();
  return (
    <header className="desk-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <h1 className="brand-name">{t('app.name')}</h1>
      </div>
      <ConnectionStatus />
      <TeamStatus />
      <div className="desk-header-end">
        <AgentBadge />
        <AvailabilityControl />
        <SupervisorViewButton />
        <KeyboardShortcuts />
        <LanguageSwitch />
        <ThemeSwitch />
        <AccountSettings />
      </div>
    </header>
  );
}
