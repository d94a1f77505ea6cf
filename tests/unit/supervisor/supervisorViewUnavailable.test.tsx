// @vitest-environment happy-dom
import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSupervisorView } from '../../../renderer/src/supervisor/loadSupervisorView';
import { SupervisorView } from '../../../renderer/src/supervisor/components/SupervisorView';
import { SupervisorViewUnavailable } from '../../../renderer/src/supervisor/components/SupervisorViewUnavailable';
import { step } from '../../integration/support/step';
import { createFakeHost } from '../renderer/fakeHost';
import { closeDesk, renderDesk } from '../renderer/deskFixture';

/*
 * The supervisor view is a chunk of its own, fetched only on the supervisor's page. When the host goes
 * away while the page loads, that fetch fails: the team lead gets a page that says so and a reload,
 * not a blank window.
 */
describe("the supervisor's page when its view cannot be fetched", () => {
  afterEach(closeDesk);

  it('says the view could not be loaded and offers a reload', async () => {
    let reloads = 0;
    const page = await step('the chunk fails to load', () =>
      loadSupervisorView(
        () => Promise.reject(new TypeError('Failed to fetch dynamically imported module')),
        () => <SupervisorViewUnavailable reload={() => (reloads += 1)} />,
      ),
    );

    await step('the page says so, as an alert', async () => {
      renderDesk(createFakeHost(), { page });
      const alert = await screen.findByRole('alert');
      expect(within(alert).getByRole('heading', { name: 'The supervisor view could not be loaded.' })).toBeTruthy();
    });

    await step('the team lead reloads', () => {
      fireEvent.click(screen.getByRole('button', { name: 'Reload' }));
      expect(reloads).toBe(1);
    });
  });

  it('is the view itself when the chunk loads', async () => {
    expect(await loadSupervisorView(() => Promise.resolve({ SupervisorView }))).toBe(SupervisorView);
  });
});
