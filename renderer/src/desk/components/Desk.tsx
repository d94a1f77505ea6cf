import type { ReactNode } from 'react';
import { CallerContextRegion } from './CallerContextRegion';
import { CallsRegion } from '../../softphone/components/CallsRegion';
import { DeskHeader } from './DeskHeader';
import { Problems } from './Problems';
import { SocialRegion } from '../../social/components/SocialRegion';
import { useTandemStore } from '../../store/useTandemStore';
import { TeamJoinDialog } from './TeamJoinDialog';
import { FirstRunSetup } from '../../settings/components/FirstRunSetup';

/**
 * The three columns. The context column widens while it shows someone (a caller, a customer opened
 * from search) and narrows when the agent closes it; it widens in the same commit as the screen pop's
 * content, so a ringing call costs the page one relayout at the new widths, not two. Only this element
 * re-renders for it: the regions are `children`, made once by `Desk`.
 */
function DeskColumns({ children }: { readonly children: ReactNode }) {
  const contextOpen = useTandemStore((state) => state.contextStatus !== 'idle');
  const social = useTandemStore((state) => (state.settings?.socialColumn === 'hidden' ? 'hidden' : 'shown'));
  return (
    <main className="desk-main" data-context={contextOpen ? 'open' : 'closed'} data-social={social}>
      {children}
    </main>
  );
}

/** A phone-only seat hides the social column (Accounts); the connectors keep running in main either way. */
function SocialColumn() {
  const hidden = useTandemStore((state) => state.settings?.socialColumn === 'hidden');
  return hidden ? null : <SocialRegion />;
}

/** The agent desk: a banner on top, then calls, social and caller context side by side. */
export function Desk() {
  return (
    <div className="desk">
      <DeskHeader />
      <Problems />
      <TeamJoinDialog />
      <FirstRunSetup />
      <DeskColumns>
        <CallsRegion />
        <SocialColumn />
        <CallerContextRegion />
      </DeskColumns>
    </div>
  );
}
