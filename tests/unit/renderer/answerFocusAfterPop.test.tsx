// @vitest-environment happy-dom
import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createPopQuiet } from '../../../renderer/src/customers/popQuiet';
import { openTandemDb } from '../../../renderer/src/data/db';
import { step } from '../../integration/support/step';
import { closeDesk, renderDesk } from './deskFixture';
import { callInfo, createPhoneHost } from './softphoneFakes';

// Issue 14 item 3: a first ring's IndexedDB answers come back just after the ringing row's frame. Focusing
// Answer forces a layout and runs focus handlers, so it waits until the caller's screen pop has painted too.

afterEach(closeDesk);

const answerButton = () =>
  within(within(screen.getByRole('region', { name: 'Calls' })).getByRole('list', { name: 'Current calls' })).getByRole('button', { name: 'Answer' });

describe('Answer comes under the agent’s hand once the screen pop has painted', () => {
  it('while a pop still reads and paints, the ringing row shows Answer but leaves the focus where it was', async () => {
    const host = createPhoneHost();
    const quiet = createPopQuiet();
    Object.defineProperty(window, 'tandem', { value: host.api, configurable: true });
    renderDesk(host, { media: null, notifications: null, db: openTandemDb(`tandem-answer-focus-${Date.now()}`), popQuiet: quiet });

    const release = await step('a call rings while the caller’s pop is still being read (the page is held)', () => {
      const hold = quiet.hold();
      act(() => host.emit('softphone:call', callInfo()));
      return hold;
    });

    await step('Answer is there at once, but not focused: several frames pass and the focus stays put', async () => {
      const answer = answerButton();
      for (let frame = 0; frame < 5; frame += 1) await act(() => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
      expect(answer).not.toHaveFocus();
    });

    await step('the pop has painted: Answer takes the focus, so Enter picks up', async () => {
      act(() => release());
      await waitFor(() => expect(answerButton()).toHaveFocus());
    });
  });
});
