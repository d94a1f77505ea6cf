import type { ReactNode } from 'react';
import { CallerContextRegion } from './CallerContextRegion';
import { CallsRegion } from '../../softphone/components/CallsRegion';
import { DeskHeader } from './DeskHeader';
import { Problems } from './Problems';
import { useTandemStore } from '../../store/useTandemStore';
import { TeamJoinDialog } from './TeamJoinDialog';
import { Workspace } from './Workspace';
import { CallAnnouncements } from '../../ringing/components/CallAnnouncements';
import { RingingBanner } from '../../ringing/components/RingingBanner';
import { FirstRunSetup } from '../../settings/components/FirstRunSetup';

/**
 * The three columns. The context column widens while it shows someone (a caller, a customer opened
 * from search) and narrows when the agent closes it; it widens in the same commit as the screen pop's
 * content, so a ringing call costs the page one relayout at the new widths, not two. Only this element
 * re-renders for it: the regions are `children`, made once by `Desk`.
 */
function DeskColumns({ children }: { readonly children: ReactNode }) {
  const contextOpen = useTandemStore((state) => state.contextStatus !== 'idle');
  return (
    <main className="desk-main" data-context={contextOpen ? 'open' : 'closed'}>
      {children}
    </main>
  );
}

/** The agent desk: a banner on top (and who is calling, while a call rings), then calls, social (or the Customers area) and caller context side by side. */
export function Desk() {
  return (
    <div className="desk">
      <DeskHeader />
      <RingingBanner />
      <CallAnnouncements />
      <Problems />
      <TeamJoinDialog />
      <FirstRunSetup />
      <DeskColumns>
        <CallsRegion />
        <Workspace />
        <CallerContextRegion />
      </DeskColumns>
    </div>
  );
}
