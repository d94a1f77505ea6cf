// @vitest-environment happy-dom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../renderer/src/desk/components/App';
import { openTandemDb } from '../../../renderer/src/data/db';
import { startDesk, type Desk } from '../../../renderer/src/startDesk';
import { freshDbName } from '../context/contextFakes';
import { createSocialHost, liveConnector } from './socialFakes';

let desk: Desk | undefined;

afterEach(() => {
  cleanup();
  desk?.stop();
  desk = undefined;
});

const connectors = () => screen.getByRole('list', { name: 'Social accounts' });

describe('a social account that keeps retrying', () => {
  it('says why beside its countdown, in the agent’s words, and stops saying it once it is live again', async () => {
    // Given: Ana's desk, its Bluesky account live.
    const host = createSocialHost();
    desk = startDesk(host.api, document, { db: openTandemDb(freshDbName()), media: null, notifications: null });
    render(<App store={desk.store} i18n={desk.i18n} />);
    await screen.findByText('Maya Lopez');
    const retryAt = Date.now() + 30_000;

    // When: main's journal cannot save what arrives (a full disk), and the connector backs off.
    act(() => host.emit('social:connector', liveConnector({ state: 'backoff', nextRetryAt: retryAt, lastErrorKey: 'social.problems.storage' })));

    // Then: the account says it is retrying, and that conversations could not be saved on this computer.
    expect(await within(connectors()).findByText("Conversations couldn't be saved on this computer.")).toBeInTheDocument();
    expect(connectors()).toHaveTextContent(/Retrying in/);

    // When: the network is the reason instead.
    act(() => host.emit('social:connector', liveConnector({ state: 'backoff', nextRetryAt: retryAt, lastErrorKey: 'social.errors.unreachable' })));
    expect(await within(connectors()).findByText("The network can't be reached. Tandem keeps trying.")).toBeInTheDocument();

    // When: main names a reason this page has no words for: the generic text, never the raw key.
    act(() => host.emit('social:connector', liveConnector({ state: 'backoff', nextRetryAt: retryAt, lastErrorKey: 'social.errors.<b>made-up</b>' })));
    expect(await within(connectors()).findByText('Something went wrong with the network. Try again.')).toBeInTheDocument();
    expect(connectors()).not.toHaveTextContent('made-up');

    // When: it is live again: no reason is left on screen.
    act(() => host.emit('social:connector', liveConnector({ state: 'live', nextRetryAt: null, lastErrorKey: null })));
    expect(await within(connectors()).findByText('Live')).toBeInTheDocument();
    expect(connectors()).not.toHaveTextContent('Tandem keeps trying');
  });
});
