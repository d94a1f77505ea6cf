// @vitest-environment happy-dom
import '@testing-library/jest-dom/vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ok, type BoardAgent, type BoardCall, type SupervisorBoard } from '@tandem/contract';
import { step } from '../../integration/support/step';
import { createFakeHost } from '../renderer/fakeHost';
import { ANA_SIP } from '../renderer/softphoneFakes';
import { closeDesk, renderDesk } from '../renderer/deskFixture';

/*
 * A team lead reads the board to know who each agent is talking to: "(212) 555-0123", the way
 * they would write it, not "2125550123@127.0.0.1", the SIP server's view of the call.
 */

const NOW = Date.UTC(2026, 11, 4, 10, 0, 0);

const onCall = (id: string, name: string, call: Omit<BoardCall, 'since'>): BoardAgent => ({
  id,
  name,
  state: 'on-call',
  since: NOW,
  callsUnknown: false,
  call: { ...call, since: NOW },
});

const board: SupervisorBoard = {
  agents: [
    onCall('ana', 'Ana Ruiz', { party: 'sip:2125550123@127.0.0.1', direction: 'inbound' }),
    onCall('ben', 'Ben Okafor', { party: 'sips:+34612345678@127.0.0.1;transport=tls', partyName: 'Carla', direction: 'outbound' }),
    onCall('eve', 'Eve Martin', { party: 'sip:2001@127.0.0.1', direction: 'inbound' }),
  ],
  sip: 'connected',
};

afterEach(closeDesk);

async function teamRegion(): Promise<HTMLElement> {
  // A supervisor in the US: numbers are written the American way.
  const host = createFakeHost({ settings: { sip: ANA_SIP }, answers: { 'supervisor:getBoard': () => ok(board) } });
  renderDesk(host, { onWindow: true, media: null, notifications: null, view: 'supervisor' });
  const region = await screen.findByRole('region', { name: 'Team' });
  await waitFor(() => expect(within(region).getAllByRole('listitem')).toHaveLength(board.agents.length));
  return region;
}

const itemOf = (region: HTMLElement, name: string): HTMLElement => {
  const item = within(region)
    .getAllByRole('listitem')
    .find((candidate) => candidate.textContent.includes(name));
  if (item === undefined) throw new Error(`${name} is not on the board`);
  return item;
};

describe('the team board names each call’s other party as a team lead writes it', () => {
  it('a US number in national form, a number from abroad in international form, an extension as it is; never the SIP host', async () => {
    const region = await teamRegion();

    await step('Ana takes a call from 2125550123@127.0.0.1: her item says "with (212) 555-0123", read left to right', () => {
      const item = itemOf(region, 'Ana Ruiz');
      expect(item).toHaveTextContent('with (212) 555-0123');
      expect(within(item).getByText('(212) 555-0123')).toHaveAttribute('dir', 'ltr');
    });

    await step('Ben calls Carla in Spain: her display name, then her number as dialled from the US', () => {
      expect(itemOf(region, 'Ben Okafor')).toHaveTextContent('calling Carla +34 612 34 56 78');
    });

    await step('Eve is on a call with extension 2001: the extension, without the host', () => {
      expect(itemOf(region, 'Eve Martin')).toHaveTextContent('with 2001');
    });

    await step('nowhere on the board: the SIP server’s host, or a scheme', () => {
      expect(region).not.toHaveTextContent('@127.0.0.1');
      expect(region).not.toHaveTextContent(/sips?:/);
    });
  });
});
