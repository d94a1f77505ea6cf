// @vitest-environment happy-dom
import { act, cleanup, render, screen, within } from '@testing-library/react';
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

describe('the inbox shows what a post means, not only its words (issue 13)', () => {
  it('"third time asking" with no negative word is a High complaint, with its reasons and escalation cue shown', async () => {
    const host = await openDesk();
    act(() => void host.deliver(socialItem({ text: 'my order #123 never arrived, third time asking' })));
    const row = await within(inbox()).findByRole('listitem');
    expect(within(row).getByText(/^Sentiment 0 \(Negative\)$/)).toBeInTheDocument();
    expect(row.querySelector('.sentiment-complaint')?.textContent).toMatch(/Complaint: .*never arrived/);
    expect(row.querySelector('.sentiment-escalation')?.textContent).toMatch(/Escalating: .*third time/);
    expect(within(row).getByText(/^Priority \d+ \(High\)$/)).toBeInTheDocument();
  });

  it('a post in a language without a lexicon says sentiment is not available for it', async () => {
    const host = await openDesk();
    act(() => void host.deliver(socialItem({ text: 'Ich warte seit zwei Wochen auf mein Paket', langs: ['de'] })));
    const row = await within(inbox()).findByRole('listitem');
    expect(within(row).getByText('Sentiment not available for German')).toBeInTheDocument();
    expect(within(row).queryByText(/^Sentiment 0/)).toBeNull();
  });
});
