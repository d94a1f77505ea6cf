// @vitest-environment happy-dom
import { act, fireEvent, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../renderer/src/desk/components/App';
import { openTandemDb } from '../../../renderer/src/data/db';
import { startDesk, type Desk } from '../../../renderer/src/startDesk';
import { createSocialHost, socialItem } from './socialFakes';

let desk: Desk | undefined;
let dbCounter = 0;

afterEach(() => {
  cleanup();
  desk?.stop();
  desk = undefined;
});

async function openDesk() {
  const host = createSocialHost();
  desk = startDesk(host.api, document, { db: openTandemDb(`tandem-meaning-${++dbCounter}`), media: null, notifications: null });
  render(<App store={desk.store} i18n={desk.i18n} />);
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
