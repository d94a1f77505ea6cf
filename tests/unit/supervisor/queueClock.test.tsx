// @vitest-environment happy-dom
import { act, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ok, type QueueConversation, type SupervisorQueue } from '@tandem/contract';
import { step } from '../../integration/support/step';
import { createFakeHost } from '../renderer/fakeHost';
import { queuedPost } from './queueFakes';
import { closeDesk, renderDesk } from '../renderer/deskFixture';

/*
 * A team lead must see "Over target" when a post's first-response target passes, not at the next
 * whole minute: the queue's clock wakes at the instant a row crosses its threshold. The clock is
 * faked; time moves only when the test says so.
 */

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
// Twenty seconds into a minute: the minute clock reads 10:00:00 until 10:01:00.
const NOW = Date.UTC(2026, 11, 4, 10, 0, 20);

const post = (overrides: Partial<QueueConversation>): QueueConversation => queuedPost(NOW, overrides);

const queue = (conversations: QueueConversation[]): SupervisorQueue => ({
  conversations,
  counts: { new: conversations.length, open: 0, waiting: 0, closed: 0 },
  targets: { public: MINUTE, private: 60 * MINUTE },
  spike: null,
});

afterEach(() => {
  closeDesk();
  vi.useRealTimers();
});

/** Lets the clock run on by `ms`, with the promises and renders that come due. */
const pass = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));

describe('the supervisor’s Social queue judges a wait at the instant it crosses its target', () => {
  it('a post 50 s old against a one-minute target is near it now and over it ten seconds later, though the minute has not turned', async () => {
    vi.useFakeTimers({ now: NOW });
    const host = createFakeHost({
      answers: { 'supervisor:getQueue': () => ok(queue([post({ firstAt: NOW - 50 * SECOND, waitingSince: NOW - 50 * SECOND })])) },
    });
    renderDesk(host, { onWindow: true, media: null, notifications: null, view: 'supervisor' });
    const row = () => within(screen.getByRole('region', { name: 'Social queue' })).getByRole('listitem');

    await step('the queue shows Lucía’s post near its target (past 45 s of the minute)', async () => {
      await pass(100);
      const item = row();
      expect(item).toHaveTextContent('my phone arrived broken');
      expect(item).toHaveTextContent('Near target');
      expect(item).not.toHaveTextContent('Over target');
    });

    await step('ten seconds later, at 10:00:30, the target passes: the row says "Over target" and the figures count it', async () => {
      await pass(10 * SECOND);
      expect(row()).toHaveTextContent('Over target');
      const figures = within(screen.getByRole('region', { name: 'Social queue' }))
        .getByText('First response over target')
        .closest('div');
      expect(figures).toHaveTextContent('1');
    });
  });
});
