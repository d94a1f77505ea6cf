import { describe, expect, it } from 'vitest';
import { createElectronWindowAttention, type AttentionApp, type AttentionWindow } from '../../../main/electron/windowAttention';

/** A BrowserWindow and `app` as the taskbar sees them: flashing or not, and the badge's count. */
function fakeDesktop(options: { focused?: boolean; destroyed?: boolean } = {}) {
  const seen = { flashing: false, badge: 0 };
  const window: AttentionWindow = {
    flashFrame: (flag) => void (seen.flashing = flag),
    isFocused: () => options.focused ?? false,
    isDestroyed: () => options.destroyed ?? false,
  };
  const app: AttentionApp = { setBadgeCount: (count) => ((seen.badge = count ?? 0), true) };
  return { window, app, seen };
}

describe('Electron’s taskbar signal for ringing calls', () => {
  it('flashes the window behind other apps and badges the count, then stops', () => {
    const desktop = fakeDesktop();
    const attention = createElectronWindowAttention(() => desktop.window, desktop.app);
    attention.show(2);
    expect(desktop.seen).toEqual({ flashing: true, badge: 2 });
    attention.show(0);
    expect(desktop.seen).toEqual({ flashing: false, badge: 0 });
  });

  it('does not flash a window the agent is looking at, but still badges', () => {
    const desktop = fakeDesktop({ focused: true });
    createElectronWindowAttention(() => desktop.window, desktop.app).show(1);
    expect(desktop.seen).toEqual({ flashing: false, badge: 1 });
  });

  it('leaves a closed window alone', () => {
    const closed = fakeDesktop({ destroyed: true });
    createElectronWindowAttention(() => closed.window, closed.app).show(1);
    expect(closed.seen).toEqual({ flashing: false, badge: 1 });
    const none = fakeDesktop();
    createElectronWindowAttention(() => undefined, none.app).show(1);
    expect(none.seen.badge).toBe(1);
  });
});
