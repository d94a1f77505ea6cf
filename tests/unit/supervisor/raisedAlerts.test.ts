import { describe, expect, it } from 'vitest';
import { createRaisedAlerts } from '../../../renderer/src/supervisor/raisedAlerts';
import { step } from '../../integration/support/step';

// Issue 16, item 4: each alert is raised once as a desktop notification, and a supervisor's window
// left open for a week remembers a bounded number of alerts to do it (issue 14 item 4: flat memory).

describe('the supervisor’s window raises each alert once, for as long as it is open', () => {
  it('an alert shown at every queue read is raised once; a new one is raised when it appears', async () => {
    const raised = createRaisedAlerts(4);
    await step('the first read shows a complaint on a live call: raised', () => {
      expect(raised.fresh(['complaint|call-1'])).toEqual(['complaint|call-1']);
    });
    await step('the next reads show it again, beside a spike: only the spike is new', () => {
      expect(raised.fresh(['complaint|call-1', 'spike|900'])).toEqual(['spike|900']);
      expect(raised.fresh(['complaint|call-1', 'spike|900'])).toEqual([]);
    });
    await step('a key named twice in one read is raised once', () => {
      expect(raised.fresh(['complaint|call-2', 'complaint|call-2'])).toEqual(['complaint|call-2']);
    });
  });

  it('keeps only the newest keys, and never forgets one still on screen', async () => {
    const raised = createRaisedAlerts(4);
    await step('a complaint stays on screen while twenty calls come and go', () => {
      expect(raised.fresh(['complaint|long-call'])).toEqual(['complaint|long-call']);
      for (let call = 0; call < 20; call += 1) {
        expect(raised.fresh(['complaint|long-call', `complaint|call-${call}`])).toEqual([`complaint|call-${call}`]);
      }
    });
    await step('the window remembers four keys, the long call’s among them: it is not raised again', () => {
      expect(raised.size).toBe(4);
      expect(raised.fresh(['complaint|long-call'])).toEqual([]);
    });
    await step('an alert that left the screen long ago and comes back is raised again (it was forgotten)', () => {
      expect(raised.fresh(['complaint|call-0'])).toEqual(['complaint|call-0']);
    });
  });
});
