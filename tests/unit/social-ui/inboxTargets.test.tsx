// @vitest-environment happy-dom
import { act, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSocialHost } from './socialFakes';
import { closeDesk } from '../renderer/deskFixture';
import { openLoadedInbox, showInbox, waitingConversations } from './inboxFixture';

// The inbox's waiting timers judge a wait by the team's own targets (profile `team.responseTargets`,
// sent by main in the public settings), the same figures the supervisor's Social queue uses.

afterEach(() => {
  closeDesk();
  vi.useRealTimers();
});

const MINUTE = 60_000;

async function inboxWith(settings: Parameters<typeof createSocialHost>[0], waitedMinutes: number, name: string) {
  // Only the clock and the minute ticker are faked (as in inboxMinuteTick.test.tsx): IndexedDB and React keep their timers.
  const start = Date.UTC(2026, 11, 4, 12, 0, 0);
  vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'], now: start });
  const host = createSocialHost(settings);
  const desk = await openLoadedInbox(host, name);
  // Loaded: from here on the timers' one-shot wake at their thresholds (setTimeout) runs on the fake clock too.
  // React and IndexedDB took their own setTimeout when they loaded, so they keep the real one.
  vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'], now: Date.now() });
  showInbox(desk, waitingConversations(1, start - waitedMinutes * MINUTE));
  // Testing Library's find* would wait on the faked setTimeout: the clock is moved by hand instead.
  await act(() => vi.advanceTimersByTimeAsync(0));
  const inbox = screen.getByRole('region', { name: 'Inbox' });
  return within(within(inbox).getByRole('listitem')).getByTitle(/^Waiting .*, target .*$/);
}

describe('the inbox’s waiting timer', () => {
  it('without team targets, a public post waiting 12 minutes is calm against the default 30', async () => {
    const timer = await inboxWith({}, 12, 'tandem-targets-default');
    expect(timer).toHaveAttribute('title', 'Waiting 12 min, target 30 min');
    expect(timer).toHaveAttribute('data-tone', 'calm');
  });

  it('with the team’s 10-minute public target, the same wait is over target, in red and in words', async () => {
    const timer = await inboxWith(
      { settings: { team: { roster: [], responseTargets: { public: 10 * MINUTE, private: 20 * MINUTE } } } },
      12,
      'tandem-targets-team',
    );
    expect(timer).toHaveAttribute('title', 'Waiting 12 min, target 10 min');
    expect(timer).toHaveAttribute('data-tone', 'over');
    expect(timer).toHaveTextContent('Waiting 12 min past the response target');
  });

  it('a wait turns over its target at that very instant, not at the next minute’s tick', async () => {
    // 7 min 40 s against a 10-minute target: near now, over 2 min 20 s from now, when the minute clock still reads 2 min on.
    const timer = await inboxWith(
      { settings: { team: { roster: [], responseTargets: { public: 10 * MINUTE, private: 20 * MINUTE } } } },
      7 + 40 / 60,
      'tandem-targets-instant',
    );
    expect(timer).toHaveAttribute('data-tone', 'near');
    await act(() => vi.advanceTimersByTimeAsync(2 * MINUTE + 20_000));
    expect(timer).toHaveAttribute('data-tone', 'over');
    expect(timer).toHaveTextContent('past the response target');
  });
});
