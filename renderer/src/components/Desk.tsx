import { CallerContextRegion } from './CallerContextRegion';
import { CallsRegion } from './CallsRegion';
import { DeskHeader } from './DeskHeader';
import { Problems } from './Problems';
import { SocialRegion } from './SocialRegion';
import { useTandemStore } from '../store/useTandemStore';

/** The agent desk: a banner on top, then calls, social and caller context side by side (context widens during a call). */
export function Desk() {
  const inCall = useTandemStore((state) => state.calls.length > 0);
  return (
    <div className="desk">
      <DeskHeader />
      <Problems />
      <main className="desk-main" data-call={inCall}>
        <CallsRegion />
        <SocialRegion />
        <CallerContextRegion />
      </main>
    </div>
  );
}
