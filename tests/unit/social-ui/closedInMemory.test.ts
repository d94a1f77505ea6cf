import { describe, expect, it } from 'vitest';
import { CLOSED_KEPT_MS, keptInMemory, withClosedAt } from '../../../renderer/src/social/closedInMemory';
import { storedConversation } from './socialFakes';

const NOW = Date.UTC(2026, 11, 6, 9, 0);

describe('when a closed conversation leaves the inbox’s memory', () => {
  it('closing stamps the time, staying closed keeps it, reopening clears it, and closing again stamps anew', () => {
    const open = storedConversation(1, NOW);
    const closed = withClosedAt(open, { ...open, status: 'closed' }, NOW);
    expect(closed.closedAt).toBe(NOW);
    // Closed again (a second window, the team's status arriving): still the first close.
    expect(withClosedAt(closed, { ...closed, assignedToMe: true }, NOW + 5_000).closedAt).toBe(NOW);
    const reopened = withClosedAt(closed, { ...closed, status: 'open' }, NOW + 60_000);
    expect('closedAt' in reopened).toBe(false);
    expect(withClosedAt(reopened, { ...reopened, status: 'closed' }, NOW + 120_000).closedAt).toBe(NOW + 120_000);
  });

  it('keeps every conversation not closed, and closed ones for a week after they closed (their last post’s time when older rows say nothing)', () => {
    const longAgo = NOW - 400 * 86_400_000;
    expect(keptInMemory(storedConversation(1, longAgo, { status: 'waiting' }), NOW)).toBe(true);
    expect(keptInMemory(storedConversation(2, longAgo, { status: 'closed', closedAt: NOW - CLOSED_KEPT_MS }), NOW)).toBe(true);
    expect(keptInMemory(storedConversation(3, longAgo, { status: 'closed', closedAt: NOW - CLOSED_KEPT_MS - 1 }), NOW)).toBe(false);
    expect(keptInMemory(storedConversation(4, NOW - 86_400_000, { status: 'closed' }), NOW)).toBe(true);
    expect(keptInMemory(storedConversation(5, longAgo, { status: 'closed' }), NOW)).toBe(false);
  });
});
