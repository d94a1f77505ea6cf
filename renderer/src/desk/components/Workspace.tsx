import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CustomersArea } from '../../customers/components/CustomersArea';
import { deskIsEmptyOf } from '../../settings/settingsSelectors';
import { SocialRegion } from '../../social/components/SocialRegion';
import { useTandemStore } from '../../store/useTandemStore';
import { AfterFirstPaint } from '../../ui/AfterFirstPaint';

type Tab = 'social' | 'customers';
const ALL_TABS: readonly Tab[] = ['social', 'customers'];
const PHONE_ONLY_TABS: readonly Tab[] = ['customers'];

/**
 * The middle column: the social desk or the Customers area (issue 12 §7), as
 * two tabs (WAI-ARIA tabs pattern: arrow keys move between them). Both
 * panels stay mounted, so the inbox keeps its place and its announcements
 * while the agent works on customers; opening a conversation from anywhere
 * (the context column's timeline) brings the social tab back. A phone-only
 * seat (Accounts: social column hidden) keeps the Customers area alone: the
 * social connectors go on running in main, only their column is gone.
 */
export function Workspace() {
  const { t } = useTranslation();
  const baseId = useId();
  const socialHidden = useTandemStore((state) => state.settings?.socialColumn === 'hidden');
  // While "Set up your desk" shows, it is the one call to action: the social column says nothing of its own.
  const settingUp = useTandemStore(deskIsEmptyOf);
  const shownTabs = socialHidden ? PHONE_ONLY_TABS : ALL_TABS;
  const [chosen, setTab] = useState<Tab>('social');
  const tab: Tab = socialHidden ? 'customers' : chosen;
  const tabs = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});
  const selectedConversation = useTandemStore((state) => state.selectedConversationId);
  // A newly opened conversation shows its tab (React's "adjust state while rendering" for a changed prop).
  const [seenConversation, setSeenConversation] = useState(selectedConversation);
  if (seenConversation !== selectedConversation) {
    setSeenConversation(selectedConversation);
    if (selectedConversation !== null) setTab('social');
  }

  const onKeyDown = (event: KeyboardEvent) => {
    if (socialHidden) return;
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight' && event.key !== 'Home' && event.key !== 'End') return;
    event.preventDefault();
    // Two tabs: every arrow moves to the other one, in either writing direction.
    const next = event.key === 'Home' ? 'social' : event.key === 'End' ? 'customers' : tab === 'social' ? 'customers' : 'social';
    setTab(next);
    tabs.current[next]?.focus();
  };

  return (
    <div className="workspace">
      <div role="tablist" aria-label={t('workspace.label')} className="workspace-tabs" onKeyDown={onKeyDown}>
        {shownTabs.map((id) => (
          <button
            key={id}
            ref={(element) => {
              tabs.current[id] = element;
            }}
            type="button"
            role="tab"
            id={`${baseId}-${id}-tab`}
            aria-controls={`${baseId}-${id}`}
            aria-selected={tab === id}
            tabIndex={tab === id ? 0 : -1}
            className="workspace-tab"
            onClick={() => setTab(id)}
          >
            {t(`workspace.${id}`)}
          </button>
        ))}
      </div>
      {socialHidden ? null : (
        <div role="tabpanel" id={`${baseId}-social`} aria-labelledby={`${baseId}-social-tab`} className="workspace-panel" hidden={tab !== 'social'}>
          <SocialRegion quiet={settingUp} />
        </div>
      )}
      <div role="tabpanel" id={`${baseId}-customers`} aria-labelledby={`${baseId}-customers-tab`} className="workspace-panel" hidden={tab !== 'customers'}>
        <AfterFirstPaint>
          <CustomersArea />
        </AfterFirstPaint>
      </div>
    </div>
  );
}
