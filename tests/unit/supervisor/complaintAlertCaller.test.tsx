// @vitest-environment happy-dom
import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ok, type QueueConversation, type SupervisorBoard, type SupervisorQueue } from '@tandem/contract';
import { callerLabel } from '../../../renderer/src/supervisor/callerLabel';
import { step } from '../../integration/support/step';
import { createFakeHost } from '../renderer/fakeHost';
import { ANA_SIP } from '../renderer/softphoneFakes';
import { queuedPost } from './queueFakes';
import { closeDesk, renderDesk } from '../renderer/deskFixture';

/*
 * The complaint alert names the caller as a team lead knows them: the team's name for the
 * customer, else their number as the supervisor's region writes it; never "2125550123@127.0.0.1",
 * the SIP server's view of the call.
 */

const NOW = Date.UTC(2026, 11, 4, 10, 0, 0);
const ANGRY = 'this is the worst service ever, my phone is broken and I am furious';

const complaint = (customerName: string | null): QueueConversation => queuedPost(NOW, { text: ANGRY, phones: ['+12125550123'], customerName });

const queue = (conversation: QueueConversation): SupervisorQueue => ({
  conversations: [conversation],
  counts: { new: 1, open: 0, waiting: 0, closed: 0 },
  targets: { public: 30 * 60_000, private: 60 * 60_000 },
  spike: null,
});

const board: SupervisorBoard = {
  agents: [
    {
      id: 'ana',
      name: 'Ana Ruiz',
      state: 'on-call',
      since: NOW,
      callsUnknown: false,
      call: { party: 'sip:2125550123@127.0.0.1', direction: 'inbound', since: NOW },
    },
  ],
  sip: 'connected',
};

afterEach(closeDesk);

async function alertFor(conversation: QueueConversation): Promise<HTMLElement> {
  const host = createFakeHost({
    // A supervisor in the US: numbers are written the American way.
    settings: { sip: ANA_SIP },
    answers: { 'supervisor:getQueue': () => ok(queue(conversation)), 'supervisor:getBoard': () => ok(board) },
  });
  renderDesk(host, { onWindow: true, media: null, notifications: null, view: 'supervisor' });
  const alerts = await screen.findByRole('region', { name: 'Alerts' });
  return within(alerts).findByText((_, element) => element?.tagName === 'P' && /Ana Ruiz/.test(element.textContent));
}

describe('the complaint alert names the caller', () => {
  it('by the team’s name for the customer, else by the number written for the region, never with the SIP host', async () => {
    await step('Lucía is a customer of the team, verified as the author: the alert says "Ana Ruiz is on a call with Lucía Fernández"', async () => {
      const line = await alertFor(complaint('Lucía Fernández'));
      expect(line).toHaveTextContent('Ana Ruiz is on a call with Lucía Fernández');
      expect(line).not.toHaveTextContent('127.0.0.1');
    });
    closeDesk();

    await step('no name on record: the number as a US supervisor writes it, without the host', async () => {
      const line = await alertFor(complaint(null));
      expect(line).toHaveTextContent('Ana Ruiz is on a call with (212) 555-0123');
      expect(line).not.toHaveTextContent('@');
    });
  });

  it('a number from abroad is written in international form; a non-numeric user part is shown without its host', () => {
    expect(callerLabel('sip:+34612345678@pbx.example', null, 'US')).toEqual({ kind: 'number', text: '+34 612 34 56 78' });
    expect(callerLabel('sip:2125550123@127.0.0.1', null, 'ZZ')).toEqual({ kind: 'number', text: '2125550123' });
    expect(callerLabel('sips:alice@pbx.example;transport=tls', null, 'US')).toEqual({ kind: 'number', text: 'alice' });
    expect(callerLabel('sip:2125550123@127.0.0.1', '  ', 'US')).toEqual({ kind: 'number', text: '(212) 555-0123' });
  });
});
