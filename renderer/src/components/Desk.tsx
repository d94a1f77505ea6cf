import { CallerContextRegion } from './CallerContextRegion';
import { CallsRegion } from './CallsRegion';
import { DeskHeader } from './DeskHeader';
import { Problems } from './Problems';
import { SocialRegion } from './SocialRegion';

/** The agent desk: a banner on top, then calls, social and caller context side by side. */
export function Desk() {
  return (
    <div className="desk">
      <DeskHeader />
      <Problems />
      <main className="desk-main">
        <CallsRegion />
        <SocialRegion />
        <CallerContextRegion />
      </main>
    </div>
  );
}
