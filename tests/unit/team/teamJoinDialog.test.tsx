// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fail, ok, type JoinBatch, type JoinBatchOutcome, type Result, type TeamJoinState } from '@tandem/contract';
import { openTandemDb } from '../../../renderer/src/data/db';
import type { Desk } from '../../../renderer/src/startDesk';
import * as download from '../../../renderer/src/ui/download';
import { freshDbName, openDb, REGION } from '../context/contextFakes';
import { createFakeHost, type FakeHost } from '../renderer/fakeHost';
import { closeDesk, renderDesk } from '../renderer/deskFixture';

let desk: Desk | undefined;

afterEach(() => {
  closeDesk();
  vi.restoreAllMocks();
});

/** Carla (known to the team by her number) and Nora (new), each with a note, on this desk before it joined. */
async function seedSoloHistory(dbName: string): Promise<{ carlaId: string; noraId: string }> {
  const { db, repo } = openDb(dbName);
  const carla = await repo.createCustomer({ name: 'Carla G.', identities: [{ kind: 'phone', value: '(212) 555-0123' }] }, REGION);
  const nora = await repo.createCustomer({ name: 'Nora Lind', identities: [{ kind: 'email', value: 'nora@example.test' }] }, REGION);
  await repo.addNote(carla.customer.id, 'Prefers calls after 5pm');
  await repo.addNote(nora.customer.id, 'VIP');
  db.close();
  return { carlaId: carla.customer.id, noraId: nora.customer.id };
}

interface TeamHost extends FakeHost {
  readonly batches: JoinBatch[];
  joinState(): TeamJoinState;
}

/**
 * A team desk's main: connected, the join state kept like team/join.json, and a
 * team that already has Carla (by her phone number) as `team-carla`.
 */
function teamHost(options: { state?: TeamJoinState; failFirstHistory?: boolean } = {}): TeamHost {
  let state: TeamJoinState = options.state ?? 'unasked';
  let historyFailures = options.failFirstHistory === true ? 1 : 0;
  const batches: JoinBatch[] = [];
  const move = (batch: JoinBatch): Result<JoinBatchOutcome> => {
    batches.push(batch);
    if (batch.phase === 'customers') {
      return ok({
        phase: 'customers',
        refused: [],
        customers: batch.customers.map((customer) =>
          customer.identities.some((identity) => identity.value === '+12125550123')
            ? { localId: customer.id, outcome: 'merged', teamId: 'team-carla', teamName: 'Carla Gómez', matchedBy: 'phone:+12125550123', identitiesLinked: 0 }
            : {
                localId: customer.id,
                outcome: 'created',
                teamId: customer.id,
                teamName: customer.name,
                matchedBy: null,
                identitiesLinked: customer.identities.length,
              },
        ),
      });
    }
    if (historyFailures > 0) {
      historyFailures -= 1;
      return fail('unavailable', 'teamJoin.errors.offline');
    }
    return ok({ phase: 'history', notes: batch.notes.length, calls: batch.calls.length, refused: [] });
  };
  const host = createFakeHost({
    answers: {
      'team:getStatus': () => ok({ state: 'connected', pending: 0 }),
      'team:getJoinState': () => ok({ state }),
      'team:setJoinState': (payload) => {
        state = (payload as { state: TeamJoinState }).state;
        return ok({ state });
      },
      'team:moveHistory': (payload) => move(payload as JoinBatch),
    },
  });
  return Object.assign(host, { batches, joinState: () => state });
}

async function openDesk(host: FakeHost, dbName: string): Promise<Desk> {
  desk = renderDesk(host, { db: openTandemDb(dbName), media: null, notifications: null });
  await screen.findByText('Maya Lopez');
  return desk;
}

const offer = () => screen.findByRole('dialog', { name: 'Move your history to the team?' });

describe('first join: a desk with history of its own offers to move it into the team, once', () => {
  it('Maya moves her history: Carla is merged into the team’s Carla, Nora created, and the report is shown and downloadable', async () => {
    const dbName = freshDbName();
    const { carlaId, noraId } = await seedSoloHistory(dbName);
    const host = teamHost();
    await openDesk(host, dbName);

    const dialog = await offer();
    expect(within(dialog).getByRole('button', { name: 'Not now' })).toBeEnabled();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Move history to the team' }));

    const report = await screen.findByRole('dialog', { name: 'History moved to the team' });
    const counts = within(report).getByRole('list', { name: 'What was moved' });
    expect(
      within(counts)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['1 customer created', '1 customer merged into one the team already had', '1 identity linked', '2 notes']);
    expect(host.joinState()).toBe('done');

    // Carla's note went to the team under the team's customer id, not a second Carla.
    const history = host.batches.find((batch) => batch.phase === 'history');
    expect(history?.phase === 'history' && history.notes.map((note) => note.customerId).sort()).toEqual([noraId, 'team-carla'].sort());

    // The desk's own copy now points at the team's Carla.
    const { db } = openDb(dbName);
    expect(await db.customers.get(carlaId)).toBeUndefined();
    expect(await db.customers.get('team-carla')).toMatchObject({ name: 'Carla Gómez' });
    expect((await db.notes.toArray()).map((note) => note.customerId).sort()).toEqual([noraId, 'team-carla'].sort());
    expect(await db.identities.where('customerId').equals('team-carla').count()).toBe(1);
    db.close();

    const save = vi.spyOn(download, 'downloadText').mockImplementation(() => undefined);
    fireEvent.click(within(report).getByRole('button', { name: 'Download report' }));
    expect(save).toHaveBeenCalledOnce();
    const [, fileName, text] = save.mock.calls[0]!;
    expect(fileName).toBe('tandem-team-join-report.txt');
    expect(text).toContain(`${carlaId} → Carla Gómez (team-carla), matched by phone:+12125550123`);

    fireEvent.click(within(report).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('"Not now" moves nothing and asks again at the next start; "Don\'t ask again" is remembered', async () => {
    const dbName = freshDbName();
    await seedSoloHistory(dbName);
    const host = teamHost();
    await openDesk(host, dbName);
    fireEvent.click(within(await offer()).getByRole('button', { name: 'Not now' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(host.batches).toEqual([]);
    expect(host.joinState()).toBe('unasked');

    closeDesk();
    await openDesk(host, dbName);
    fireEvent.click(within(await offer()).getByRole('button', { name: "Don't ask again" }));
    await waitFor(() => expect(host.joinState()).toBe('declined'));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();

    closeDesk();
    const again = await openDesk(host, dbName);
    await waitFor(() => expect(again.store.getState().teamJoin.checked).toBe(true));
    expect(again.store.getState().teamJoin.phase).toBe('idle');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('a desk with no history of its own is never asked', async () => {
    const host = teamHost();
    const opened = await openDesk(host, freshDbName());
    await waitFor(() => expect(opened.store.getState().teamJoin.checked).toBe(true));
    expect(opened.store.getState().teamJoin.phase).toBe('idle');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('a move cut off by the database going away says so, and "Try again" finishes it without doubling anything', async () => {
    const dbName = freshDbName();
    await seedSoloHistory(dbName);
    const host = teamHost({ failFirstHistory: true });
    await openDesk(host, dbName);
    fireEvent.click(within(await offer()).getByRole('button', { name: 'Move history to the team' }));
    const failed = await screen.findByRole('dialog', { name: "The history couldn't be moved" });
    expect(within(failed).getByRole('alert')).toHaveTextContent("The team database can't be reached right now. Tandem keeps trying.");
    expect(host.joinState()).toBe('moving');

    fireEvent.click(within(failed).getByRole('button', { name: 'Try again' }));
    const report = await screen.findByRole('dialog', { name: 'History moved to the team' });
    // Counted once: the retry starts over and the team's answers for rows already written are the same.
    expect(
      within(within(report).getByRole('list', { name: 'What was moved' }))
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['1 customer created', '1 customer merged into one the team already had', '1 identity linked', '2 notes']);
    expect(host.joinState()).toBe('done');
  });

  it('a move accepted before a crash is resumed at the next start without asking', async () => {
    const dbName = freshDbName();
    await seedSoloHistory(dbName);
    const host = teamHost({ state: 'moving' });
    await openDesk(host, dbName);
    await screen.findByRole('dialog', { name: 'History moved to the team' });
    expect(host.joinState()).toBe('done');
  });
});
