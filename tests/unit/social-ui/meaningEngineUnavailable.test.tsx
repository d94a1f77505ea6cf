// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SocialItem } from '@tandem/contract';
import { openTandemDb } from '../../../renderer/src/data/db';
import { App } from '../../../renderer/src/desk/components/App';
import { createRendererI18n } from '../../../renderer/src/i18n/i18n';
import { analyseMeaning } from '../../../renderer/src/social/meaning/analyseMeaning';
import { createMeaningLoader, MeaningEngineUnavailable } from '../../../renderer/src/social/meaning/meaningEngine';
import { SocialProblemAlert } from '../../../renderer/src/social/components/SocialProblemAlert';
import { createSocialStore } from '../../../renderer/src/social/socialStore';
import { createTandemStore } from '../../../renderer/src/store/store';
import { freshDbName } from '../context/contextFakes';
import { socialItem } from './socialFakes';

// A browser-host tab left open across an upgrade asks for the meaning engine's chunk by the old
// build's file name, which is gone. The desk used to call that "conversations couldn't be saved"
// and offer nothing but Dismiss; only a reload fetches the new files.

const NOW = Date.UTC(2026, 11, 6, 9, 0);

afterEach(cleanup);

describe('the meaning engine cannot be fetched', () => {
  it('the desk says so, offers a reload, and loses no mention', async () => {
    // An engine whose chunk is gone until the test says otherwise.
    let gone = true;
    const load = createMeaningLoader(() =>
      gone ? Promise.reject(new TypeError('Failed to fetch dynamically imported module')) : Promise.resolve({ analyseMeaning }),
    );
    const db = openTandemDb(freshDbName());
    const store = createTandemStore({ api: undefined, social: createSocialStore(db, undefined, load), now: () => NOW });
    await store.getState().loadSocial();
    const reload = vi.fn();
    render(<App store={store} i18n={createRendererI18n('en')} page={() => <SocialProblemAlert reload={reload} />} />);

    // Step 1: a customer's mention arrives; it cannot be judged, so it is not stored.
    const mention: SocialItem = { ...socialItem({ uri: 'at://mention/1', text: 'my parcel never came, I want a refund', createdAt: NOW - 1_000 }), seq: 0 };
    await act(() => store.getState().ingestSocial([mention]));
    await expect(load()).rejects.toBeInstanceOf(MeaningEngineUnavailable);
    expect(store.getState().conversations.size).toBe(0);

    // Step 2: the alert names the problem, not storage, and its Reload button reloads the page.
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent("New posts couldn't be read.");
    expect(alert).toHaveTextContent('Reload this page; nothing is lost.');
    expect(alert).not.toHaveTextContent("couldn't be saved");
    fireEvent.click(within(alert).getByRole('button', { name: 'Reload' }));
    expect(reload).toHaveBeenCalledTimes(1);

    // Step 3: the same mention, taken again (the journal's catch-up after the reload), is judged and stored.
    gone = false;
    await act(() => store.getState().ingestSocial([mention]));
    await waitFor(() => expect(store.getState().conversations.get('at://mention/1')?.meaning?.complaint).toBe(true));
    db.close();
  });

  it('other problems keep their own words and offer no reload', async () => {
    const store = createTandemStore({ api: undefined, now: () => NOW });
    render(<App store={store} i18n={createRendererI18n('en')} page={() => <SocialProblemAlert reload={vi.fn()} />} />);

    act(() => store.getState().reportSocialProblem('storage', { code: 'internal', messageKey: 'errors.internal' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent("Conversations couldn't be saved on this computer.");
    expect(within(alert).queryByRole('button', { name: 'Reload' })).toBeNull();
    expect(within(alert).getByRole('button', { name: 'Dismiss' })).toBeInTheDocument();
  });
});
