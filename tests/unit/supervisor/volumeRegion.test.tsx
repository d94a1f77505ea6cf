// @vitest-environment happy-dom
import '@testing-library/jest-dom/vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ok, type VolumeRequest } from '@tandem/contract';
import { step } from '../../integration/support/step';
import { createFakeHost, type FakeHost } from '../renderer/fakeHost';
import { closeDesk, renderDesk } from '../renderer/deskFixture';

// Issue 16, item 5: the region "Volume" says its chart in words and in a table a screen reader can walk.

/** 10:07 local: forty quarter hours of the day are over. */
const NOW = new Date(2026, 11, 4, 10, 7).getTime();
const MIDNIGHT = new Date(2026, 11, 4).getTime();

/** Mentions with bursts; calls follow them by two quarter hours (30 minutes), twice as many plus one. */
const MENTIONS = Array.from({ length: 96 }, (_, t) => (t < 40 ? ([0, 3, 7, 1, 0, 5][t % 6] ?? 0) : 0));
const CALLS = MENTIONS.map((_, t) => (t < 40 ? 2 * (MENTIONS[t - 2] ?? 0) + 1 : 0));

function openView(host: FakeHost): void {
  renderDesk(host, { onWindow: true, media: null, notifications: null, view: 'supervisor' });
}

function supervisorMain(): FakeHost {
  return createFakeHost({
    answers: {
      'supervisor:getBoard': () => ok({ agents: [], sip: 'unavailable' }),
      'supervisor:getVolume': (payload) => {
        const request = payload as VolumeRequest;
        return ok({ from: request.from, mentions: MENTIONS.slice(0, request.intervals), calls: CALLS.slice(0, request.intervals) });
      },
    },
  });
}

beforeEach(() => {
  // Only the clock is fixed: promises and the testing library's polling run as usual.
  vi.useFakeTimers({ toFake: ['Date'], now: NOW });
});

afterEach(() => {
  closeDesk();
  vi.useRealTimers();
});

// A first render of the whole view loads i18n and the store: give a loaded machine room.
describe('the supervisor reads the day’s volume without seeing the chart', { timeout: 30_000 }, () => {
  it('the region "Volume" asks for today by quarter hours, names its chart, states the correlation, and tabulates every interval', async () => {
    const host = supervisorMain();
    openView(host);
    const region = await screen.findByRole('region', { name: 'Volume' });

    await step('the view asks main for today from local midnight, 96 quarter hours', async () => {
      await waitFor(() => expect(host.requests.some(({ channel }) => channel === 'supervisor:getVolume')).toBe(true));
      expect(host.requests.find(({ channel }) => channel === 'supervisor:getVolume')?.payload).toEqual({ from: MIDNIGHT, intervals: 96 });
    });

    await step('the chart is an image with a name; its legend is text', async () => {
      expect(await within(region).findByRole('img', { name: 'Chart of mentions and calls per quarter hour today' })).toBeInTheDocument();
      const legend = within(region).getByRole('list', { name: 'Chart legend' });
      expect(
        within(legend)
          .getAllByRole('listitem')
          .map((item) => item.textContent),
      ).toEqual(['Mentions', 'Calls']);
    });

    await step('the correlation is said in words: highest when calls follow mentions by 30 minutes', () => {
      expect(region).toHaveTextContent('Highest correlation');
      expect(region).toHaveTextContent('r = +1.00, calls 30 minutes after mentions');
    });

    await step('the table has a caption with the day, column headers, and a row per quarter hour with its counts', () => {
      const table = within(region).getByRole('table', { name: 'Mentions and calls per quarter hour, December 4, 2026' });
      expect(
        within(table)
          .getAllByRole('columnheader')
          .map((cell) => cell.textContent),
      ).toEqual(['Quarter hour from', 'Mentions', 'Calls']);
      const rows = within(table).getAllByRole('row');
      expect(rows).toHaveLength(1 + 96);
      const halfPastMidnight = within(table).getByRole('rowheader', { name: '12:30 AM' }).closest('tr');
      expect(halfPastMidnight).not.toBeNull();
      expect(
        within(halfPastMidnight as HTMLElement)
          .getAllByRole('cell')
          .map((cell) => cell.textContent),
      ).toEqual(['7', '1']);
    });
  });

  it('an imported interest series adds a column; a file with bad lines is refused line by line', async () => {
    openView(supervisorMain());
    const region = await screen.findByRole('region', { name: 'Volume' });
    const chooser = await within(region).findByLabelText('Import interest series (CSV)');

    await step('a trends export with two hourly points: the legend names the file, the table gains an "Interest" column', async () => {
      const file = new File(['Time,coffee\n2026-12-04T01:00,40\n2026-12-04T02:00,<1\n'], 'trends<b>.csv', { type: 'text/csv' });
      fireEvent.change(chooser, { target: { files: [file] } });
      const table = await within(region).findByRole('table');
      await waitFor(() =>
        expect(
          within(table)
            .getAllByRole('columnheader')
            .map((cell) => cell.textContent),
        ).toContain('Interest'),
      );
      const one = within(table).getByRole('rowheader', { name: '1:00 AM' }).closest('tr') as HTMLElement;
      expect(
        within(one)
          .getAllByRole('cell')
          .map((cell) => cell.textContent),
      ).toEqual(['0', '15', '40']);
      const two = within(table).getByRole('rowheader', { name: '2:00 AM' }).closest('tr') as HTMLElement;
      expect(within(two).getAllByRole('cell').at(-1)).toHaveTextContent('0.5');
      // The file's name is text, isolated: never markup.
      expect(within(region).getByRole('list', { name: 'Chart legend' })).toHaveTextContent('Interest trends<b>.csv');
    });

    await step('a file with a bad time and a bad value is refused, each line named; the series shown stays', async () => {
      const file = new File(['time,value\nsoon,4\n2026-12-04T03:00,many\n'], 'bad.csv', { type: 'text/csv' });
      fireEvent.change(chooser, { target: { files: [file] } });
      const alert = await within(region).findByRole('alert');
      expect(alert).toHaveTextContent('This file could not be imported: bad.csv');
      expect(
        within(alert)
          .getAllByRole('listitem')
          .map((item) => item.textContent),
      ).toEqual(['Line 2: the time is not an ISO 8601 date or date-time.', 'Line 3: the value is not a number.']);
      expect(within(region).getByRole('table')).toHaveTextContent('Interest');
    });

    await step('"Remove interest series" takes the column away', () => {
      fireEvent.click(within(region).getByRole('button', { name: 'Remove interest series' }));
      expect(within(within(region).getByRole('table')).getAllByRole('columnheader')).toHaveLength(3);
    });
  });
});
