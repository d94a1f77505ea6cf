// @vitest-environment happy-dom
import '@testing-library/jest-dom/vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fail, ok, TEAM_REFUSED_ERRORS, type RefusedTeamWrite, type RefusedTeamWriteRef } from '@tandem/contract';
import { step } from '../../integration/support/step';
import { createFakeHost, type FakeHost } from './fakeHost';
import { closeDesk, renderDesk } from './deskFixture';

// Issue 11, "Offline is normal": a write the team database refused for good is listed for the agent, never lost silently.

const T0 = Date.UTC(2026, 11, 4, 10, 30);

const note: RefusedTeamWrite = {
  write: { kind: 'note', id: 'n-1', customerId: 'carla', callId: null, text: 'Call back after 5, she prefers Spanish', createdAt: T0 },
  code: '23503',
  at: T0 + 1_000,
};
const link: RefusedTeamWrite = {
  write: {
    kind: 'identityLink',
    id: 'dora|phone|+12125550177',
    customerId: 'dora',
    identityKind: 'phone',
    value: '+12125550177',
    did: null,
    status: 'unverified',
    verifiedHow: null,
    verifiedAt: null,
    claim: null,
  },
  code: '42501',
  at: T0 + 2_000,
};

/** Main as TeamHistory answers it: the refused writes it keeps, until the agent sends one again or discards it. */
function mainWithRefused(kept: RefusedTeamWrite[]): FakeHost {
  const take = (payload: unknown) => {
    const ref = payload as RefusedTeamWriteRef;
    const index = kept.findIndex((refused) => refused.write.id === ref.id && refused.at === ref.at);
    if (index < 0) return fail('rejected', TEAM_REFUSED_ERRORS.gone);
    kept.splice(index, 1);
    host.emit('team:status', { state: 'connected', pending: 0, ...(kept.length === 0 ? {} : { refused: kept.length }) });
    return ok(null);
  };
  const host: FakeHost = createFakeHost({
    answers: {
      'team:getStatus': () => ok({ state: 'connected', pending: 0, refused: kept.length }),
      'team:refusedWrites': () => ok({ writes: [...kept] }),
      'team:retryRefused': take,
      'team:discardRefused': take,
    },
  });
  return host;
}

function openDesk(host: FakeHost): void {
  renderDesk(host, { onWindow: true });
}

afterEach(closeDesk);

describe('the agent reads the changes the team database refused, and sends each again or discards it', () => {
  it('"2 changes refused" opens the list: what, the words kept, why and when; Send again and Discard empty it', async () => {
    const host = mainWithRefused([note, link]);
    openDesk(host);
    const banner = await screen.findByRole('banner');

    const list = await step('the header says how many changes were refused, and the button opens their list', async () => {
      fireEvent.click(await within(banner).findByRole('button', { name: '2 changes refused' }));
      const dialog = await screen.findByRole('dialog', { name: 'Changes the team database refused' });
      return within(dialog).findByRole('list', { name: 'Refused changes' });
    });
    const [noteRow, linkRow] = await step('each row says what it was, the text it carried, why in words, and when', () => {
      const noteRow = within(list).getByRole('listitem', { name: 'Note' });
      expect(noteRow).toHaveTextContent('Call back after 5, she prefers Spanish');
      expect(noteRow).toHaveTextContent("It names a customer or call the team database doesn't have.");
      expect(noteRow).toHaveTextContent(/Refused \d/);
      const linkRow = within(list).getByRole('listitem', { name: 'Identity linked' });
      expect(within(linkRow).getByText('+12125550177')).toHaveAttribute('dir', 'ltr');
      expect(linkRow).toHaveTextContent("Your team login isn't allowed to make this change.");
      return [noteRow, linkRow];
    });
    await step("Send again hands the note back to main's queue, named by its id and refusal time; the list follows", async () => {
      fireEvent.click(within(noteRow).getByRole('button', { name: 'Send again' }));
      await waitFor(() => expect(within(list).queryByRole('listitem', { name: 'Note' })).not.toBeInTheDocument());
      expect(host.requests.filter(({ channel }) => channel === 'team:retryRefused')).toEqual([
        { channel: 'team:retryRefused', payload: { id: 'n-1', at: T0 + 1_000 } },
      ]);
      expect(within(banner).getByRole('button', { name: '1 change refused' })).toBeInTheDocument();
    });
    const dialog = screen.getByRole('dialog', { name: 'Changes the team database refused' });
    await step('Discard drops the link for good; the list says nothing is left, and the status no longer counts any', async () => {
      fireEvent.click(within(linkRow).getByRole('button', { name: 'Discard' }));
      expect(await within(dialog).findByText('Nothing is refused any more.')).toBeInTheDocument();
      expect(host.requests.filter(({ channel }) => channel === 'team:discardRefused')).toEqual([
        { channel: 'team:discardRefused', payload: { id: 'dora|phone|+12125550177', at: T0 + 2_000 } },
      ]);
      expect(within(banner).getByRole('status', { name: 'Team' })).not.toHaveTextContent(/refused/);
    });
    await step('Close shuts the list; with nothing refused, the button goes with it', () => {
      fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
      expect(within(banner).queryByRole('button', { name: /refused/ })).not.toBeInTheDocument();
    });
  });

  it('a refusal another window already dealt with says so, and Escape closes the list back onto its button', async () => {
    const kept = [note];
    const host = mainWithRefused(kept);
    openDesk(host);
    const opener = await screen.findByRole('button', { name: '1 change refused' });
    fireEvent.click(opener);
    const dialog = await screen.findByRole('dialog', { name: 'Changes the team database refused' });
    const row = await within(dialog).findByRole('listitem', { name: 'Note' });
    // Another window of this desk discarded it meanwhile: main answers that it is gone.
    kept.splice(0, 1);
    fireEvent.click(within(row).getByRole('button', { name: 'Discard' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('That refused change is no longer on this desk (it was retried or discarded already).');
    expect(await within(dialog).findByText('Nothing is refused any more.')).toBeInTheDocument();

    act(() => host.emit('team:status', { state: 'connected', pending: 0, refused: 1 }));
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: '1 change refused' })).toHaveFocus();
  });
});
