import { CallerContextRegion } from './CallerContextRegion';
import { CallsRegion } from './CallsRegion';
import { DeskHeader } from './DeskHeader';
import { Problems } from './Problems';
import { SocialRegion } from './SocialRegion';
import { useTandemStore } from '../store/useTandemStore';

/**
 * The agent desk: a banner on top, then calls, social and caller context side by side. The context
 * column widens while it shows someone (a caller, a customer opened from search) and narrows when the
 * agent closes it. It widens in the same commit as the screen pop's content, so a ringing call costs
 * the page one relayout at the new column widths, not two.
 */
export function Desk() {
  const contextOpen = useTandemStore((state) => state.contextStatus !== 'idle');
  return (
    <div className="desk">
      <DeskHeader />
      <Problems />
      <main className="desk-main" data-context={contextOpen ? 'open' : 'closed'}>
        <CallsRegion />
        <SocialRegion />
        <CallerContextRegion />
      </main>
    </div>
  );
}
