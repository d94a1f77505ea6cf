// @vitest-environment happy-dom
import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { openTandemDb } from '../../../renderer/src/data/db';
import { createSocialHost, socialItem } from './socialFakes';
import { closeDesk, renderDesk } from '../renderer/deskFixture';

let dbCounter = 0;

afterEach(closeDesk);

async function openDesk() {
  const host = createSocialHost();
  renderDesk(host, { db: openTandemDb(`tandem-meaning-${++dbCounter}`), media: null, notifications: null });
  await screen.findByText('Maya Lopez');
  return host;
}

const inbox = () => screen.getByRole('region', { name: 'Inbox' });
/** The row is one glance tall (issue 12): what the post means is read in the conversation, opened from the row. */
async function openedFrom(row: HTMLElement) {
  fireEvent.click(within(row).getByRole('button', { name: /@carla\.test/ }));
  return screen.findByRole('region', { name: /^Conversation/ });
}

describe('the inbox shows what a post means, not only its words (issue 13)', () => {
  it('"third time asking" with no negative word is a High complaint, with its reasons and escalation cue shown', async () => {
    const host = await openDesk();
    act(() => void host.deliver(socialItem({ text: 'my order #123 never arrived, third time asking' })));
    const row = await within(inbox()).findByRole('listitem');
    expect(within(row).getByText('High', { exact: true })).toHaveAttribute('title', expect.stringMatching(/^Priority score \d+$/));
    const conversation = await openedFrom(row);
    expect(within(conversation).getByText(/^Sentiment 0 \(Negative\)$/)).toBeInTheDocument();
    expect(conversation.querySelector('.sentiment-complaint')?.textContent).toMatch(/Complaint: .*never arrived/);
    expect(conversation.querySelector('.sentiment-escalation')?.textContent).toMatch(/Escalating: .*third time/);
  });

  it('a post in a language without a lexicon says sentiment is not available for it', async () => {
    const host = await openDesk();
    act(() => void host.deliver(socialItem({ text: 'Ich warte seit zwei Wochen auf mein Paket', langs: ['de'] })));
    const conversation = await openedFrom(await within(inbox()).findByRole('listitem'));
    expect(within(conversation).getByText('Sentiment not available for German')).toBeInTheDocument();
    expect(within(conversation).queryByText(/^Sentiment 0/)).toBeNull();
  });
});
