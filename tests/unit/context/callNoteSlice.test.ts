import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CustomerRepository } from '../../../renderer/src/customers/customerRepository';
import { callInteractionId } from '../../../renderer/src/customers/model';
import type { TandemDb } from '../../../renderer/src/data/db';
import { NOTE_AUTOSAVE_MS, startNote } from '../../../renderer/src/context/callNoteSlice';
import { createTandemStore, type TandemStore } from '../../../renderer/src/store/store';
import { carlaCalls, contextStore, createContextHost, openDb } from './contextFakes';
import { step } from '../../integration/support/step';

let opened: TandemDb | undefined;
afterEach(() => opened?.close());

/** The panel shows Carla's call with an empty note, as a pop leaves it. */
function panelOnCall(): { store: TandemStore; repo: CustomerRepository; db: TandemDb; call: ReturnType<typeof carlaCalls> } {
  const { store, repo, db } = contextStore();
  opened = db;
  const call = carlaCalls({ state: 'active', answeredAt: Date.now() });
  store.setState({ contextCall: call, callNote: startNote(call.id) });
  return { store, repo, db, call };
}

describe('the call note', () => {
  it('a pop starts the note empty, or with the draft a reload left behind', () => {
    expect(startNote('c1')).toEqual({ callId: 'c1', text: '', wrapUpCode: null, saved: true, stored: { text: '', wrapUpCode: null } });
    expect(startNote('c1', { text: 'Refund promised', wrapUpCode: 'resolved' })).toEqual({
      callId: 'c1',
      text: 'Refund promised',
      wrapUpCode: 'resolved',
      saved: true,
      stored: { text: 'Refund promised', wrapUpCode: 'resolved' },
    });
  });

  describe('typing waits for a pause before it is written', () => {
    // Only the autosave's timer is faked: IndexedDB (fake-indexeddb) keeps its own scheduling.
    beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
    afterEach(() => vi.useRealTimers());

    it('each key restarts the pause; once it is over the note is written and reads saved', async () => {
      const { store, repo, call } = panelOnCall();
      const save = vi.spyOn(repo, 'saveCallDraft');

      store.getState().setCallNoteText('Parcel broken');
      vi.advanceTimersByTime(NOTE_AUTOSAVE_MS - 1);
      store.getState().setCallNoteText('Parcel broken, refund promised');
      vi.advanceTimersByTime(NOTE_AUTOSAVE_MS - 1);

      expect(store.getState().callNote).toMatchObject({ text: 'Parcel broken, refund promised', saved: false });
      expect(save).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1);
      expect(save).toHaveBeenCalledTimes(1);
      await vi.waitFor(() => expect(store.getState().callNote?.saved).toBe(true));
      expect((await repo.callDraft(call.id))?.text).toBe('Parcel broken, refund promised');
    });
  });

  it('a waiting note is written at once when asked (a new pop, the window hiding); with none waiting there is nothing to do', async () => {
    const { store, repo, call } = panelOnCall();
    expect(store.getState().saveWaitingCallNote()).toBeNull();

    store.getState().setCallNoteText('Call back tomorrow');
    await store.getState().saveWaitingCallNote();

    expect((await repo.callDraft(call.id))?.text).toBe('Call back tomorrow');
    expect(store.getState().callNote?.saved).toBe(true);
    expect(store.getState().saveWaitingCallNote()).toBeNull();
  });

  it('a wrap-up code is written at once, with the text typed so far', async () => {
    const { store, repo, call } = panelOnCall();
    store.getState().setCallNoteText('Escalated to billing');

    await store.getState().setWrapUpCode('escalated');

    expect(await repo.callDraft(call.id)).toMatchObject({ text: 'Escalated to billing', wrapUpCode: 'escalated' });
    expect(store.getState().callNote).toMatchObject({ wrapUpCode: 'escalated', saved: true });
    expect(store.getState().saveWaitingCallNote()).toBeNull();
  });

  it('without a call on the panel there is no note to type into', () => {
    const { store } = panelOnCall();
    store.setState({ contextCall: null });
    store.getState().setCallNoteText('lost');
    expect(store.getState().callNote?.text).toBe('');
  });

  describe('hang-up', () => {
    it('the panel’s call is recorded with its note and code, and the autosave is no longer needed', async () => {
      const { store, db, call } = panelOnCall();
      store.getState().setCallNoteText('Parcel broken');
      await store.getState().setWrapUpCode('resolved');
      store.getState().setCallNoteText('Parcel broken; refund promised');

      const ended = { ...call, state: 'ended' as const, endedAt: Date.now(), outcome: 'answered' as const };
      expect(await store.getState().recordEndedCall(ended)).toBe('panel');

      expect(await db.interactions.get(callInteractionId(call.id))).toMatchObject({
        summary: 'Parcel broken; refund promised',
        wrapUpCode: 'resolved',
        outcome: 'answered',
      });
      expect(store.getState().callNote?.saved).toBe(true);
      expect(store.getState().saveWaitingCallNote()).toBeNull();
    });

    it('a call popped before a reload is recorded from its draft', async () => {
      const { store, repo, db } = panelOnCall();
      const earlier = carlaCalls({ state: 'active', answeredAt: Date.now() });
      await repo.saveCallDraft(earlier, { text: 'Typed before the reload' });

      expect(await store.getState().recordEndedCall({ ...earlier, state: 'ended', endedAt: Date.now(), outcome: 'answered' })).toBe('background');
      expect((await db.interactions.get(callInteractionId(earlier.id)))?.summary).toBe('Typed before the reload');
    });

    it('a call the desk never popped stays in the call log only', async () => {
      const { store, db } = panelOnCall();
      const consultation = carlaCalls({ state: 'ended', endedAt: Date.now(), outcome: 'answered' });

      expect(await store.getState().recordEndedCall(consultation)).toBe('unrecorded');
      expect(await db.interactions.get(callInteractionId(consultation.id))).toBeUndefined();
    });

    it('without the customer history nothing is recorded', async () => {
      const store = createTandemStore({ api: undefined });
      expect(await store.getState().recordEndedCall(carlaCalls({ state: 'ended' }))).toBe('unrecorded');
    });
  });

  describe('two windows on one call (both popped it; one agent types in one of them)', () => {
    /** Two desks' windows on one browser profile: two stores over the one IndexedDB database. */
    function twoWindows() {
      const first = panelOnCall();
      const host = createContextHost();
      const second = createTandemStore({ api: host.api, customers: openDb(first.db.name).repo });
      second.setState({ contextCall: first.call, callNote: startNote(first.call.id) });
      return { first: first.store, second, db: first.db, call: first.call };
    }
    const ended = (call: ReturnType<typeof carlaCalls>) => ({ ...call, state: 'ended' as const, endedAt: Date.now(), outcome: 'answered' as const });

    it('the window nobody typed in does not write its empty note over the one typed in the other', async () => {
      const { first, second, db, call } = twoWindows();
      await step('the agent types in the first window and picks a code; it is saved', async () => {
        first.getState().setCallNoteText('Refund promised by Friday');
        await first.getState().setWrapUpCode('resolved');
      });
      await step('the call ends: the first window records it, then the second', async () => {
        expect(await first.getState().recordEndedCall(ended(call))).toBe('panel');
        expect(await second.getState().recordEndedCall(ended(call))).toBe('panel');
      });
      await step('the record keeps the note and the code, and the second window now shows them', async () => {
        expect(await db.interactions.get(callInteractionId(call.id))).toMatchObject({ summary: 'Refund promised by Friday', wrapUpCode: 'resolved' });
        expect(second.getState().callNote).toMatchObject({ text: 'Refund promised by Friday', wrapUpCode: 'resolved', saved: true });
      });
    });

    it('notes typed in both windows are both kept', async () => {
      const { first, second, db, call } = twoWindows();
      await step('each window has its own words, saved one after the other', async () => {
        first.getState().setCallNoteText('Parcel broken');
        await first.getState().flushCallNote();
        second.getState().setCallNoteText('Customer will send photos');
        await second.getState().flushCallNote();
      });
      await step('the draft holds both, and the second window shows both', async () => {
        const both = 'Parcel broken\n\nCustomer will send photos';
        expect((await db.callDrafts.get(call.id))?.text).toBe(both);
        expect(second.getState().callNote).toMatchObject({ text: both, saved: true });
      });
      await step('the first window, typing on from its own words at hang-up, loses neither', async () => {
        first.getState().setCallNoteText('Parcel broken, courier to collect');
        expect(await first.getState().recordEndedCall(ended(call))).toBe('panel');
        const summary = (await db.interactions.get(callInteractionId(call.id)))?.summary ?? '';
        expect(summary).toContain('Customer will send photos');
        expect(summary).toContain('Parcel broken, courier to collect');
      });
    });
  });
});
