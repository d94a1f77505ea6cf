import { afterEach, describe, expect, it } from 'vitest';
import type { TandemDb } from '../../../renderer/src/data/db';
import { UNLINKED_PROOFS_KEPT } from '../../../renderer/src/context/verificationSlice';
import { carlaCalls, claim, contextStore, proof, REGION } from './contextFakes';

let opened: TandemDb | undefined;
afterEach(() => opened?.close());

/** Carla with an unverified @carla.test on the panel, on an answered call from her number unless told otherwise. */
async function carlaOnPanel(options: { answered: boolean } = { answered: true }) {
  const desk = contextStore();
  opened = desk.db;
  const { customer } = await desk.repo.createCustomer({ name: 'Carla Gómez', identities: [{ kind: 'bluesky', value: '@carla.test' }] }, REGION);
  const call = carlaCalls(options.answered ? { state: 'active', answeredAt: Date.now() } : {});
  desk.host.liveCalls = [call];
  desk.store.setState({ contextCall: call });
  await desk.store.getState().openCustomer(customer.id);
  const handle = desk.store.getState().customerContext?.identities.find((identity) => identity.kind === 'bluesky');
  if (handle === undefined) throw new Error('seed: Carla has no handle');
  return { ...desk, customer, call, handle };
}

describe('verification codes', () => {
  it('a code asked for on an answered call is bound to that call; a second one for the handle replaces the first', async () => {
    const { store, host, handle, call } = await carlaOnPanel();

    await store.getState().startVerification(handle, 'voice');
    await store.getState().startVerification(handle, 'voice');

    expect(host.startRequests.map((request) => request.callId)).toEqual([call.id, call.id]);
    expect(store.getState().pendingVerifications.map((pending) => pending.verificationId)).toEqual(['v2']);
  });

  it('before the call is answered no call is bound: main gets the request without one', async () => {
    const { store, host, handle } = await carlaOnPanel({ answered: false });
    await store.getState().startVerification(handle, 'voice');
    expect(host.startRequests).toEqual([{ customerId: handle.customerId, network: 'bluesky', handle: 'carla.test', delivery: 'voice' }]);
  });

  it('a code read back without a live call is not sent to main: the answer is “no call”', async () => {
    const { store, host, handle } = await carlaOnPanel({ answered: false });
    await store.getState().startVerification(handle, 'private-message');

    expect(await store.getState().confirmVerificationCode('v1', '123 456')).toBe('no-call');
    expect(host.confirmations).toEqual([]);
  });

  it('a code main says expired is no longer shown', async () => {
    const { store, handle } = await carlaOnPanel();
    await store.getState().startVerification(handle, 'private-message');

    // The fake host calls a code with no claiming account's DID expired.
    expect(await store.getState().confirmVerificationCode('v1', '123 456')).toBe('expired');
    expect(store.getState().pendingVerifications).toEqual([]);
  });

  it('a cancelled code disappears at once and main is told', async () => {
    const { store, host, handle } = await carlaOnPanel();
    await store.getState().startVerification(handle, 'voice');

    await store.getState().cancelVerification('v1');

    expect(store.getState().pendingVerifications).toEqual([]);
    expect(host.sent('identity:cancelVerification')).toEqual([{ verificationId: 'v1' }]);
  });

  it('unlinking a handle cancels its codes and the panel re-reads the customer', async () => {
    const { store, host, handle } = await carlaOnPanel();
    await store.getState().startVerification(handle, 'voice');

    await store.getState().unlinkIdentity(handle.id);

    expect(host.sent('identity:cancelVerification')).toEqual([{ verificationId: 'v1' }]);
    expect(store.getState().customerContext?.identities.some((identity) => identity.id === handle.id)).toBe(false);
  });

  it('proof of the handle clears its codes and turns the link verified on the panel', async () => {
    const { store, customer, handle } = await carlaOnPanel();
    await store.getState().startVerification(handle, 'voice');

    await store.getState().identityProven(proof({ verificationId: 'v1', customerId: customer.id }));

    expect(store.getState().pendingVerifications).toEqual([]);
    expect(store.getState().customerContext?.identities.find((identity) => identity.kind === 'bluesky')).toMatchObject({ value: 'carla.test', verified: true });
  });

  it('a proof takes its own code off the list even when it proved the handle on another customer record', async () => {
    const { store, handle } = await carlaOnPanel();
    await store.getState().startVerification(handle, 'voice');

    await store.getState().identityProven(proof({ verificationId: 'v1', customerId: 'carla-duplicate' }));

    expect(store.getState().pendingVerifications).toEqual([]);
  });

  it('a proof of the handle by another code also clears the one still waiting, whatever its case', async () => {
    const { store, customer, handle } = await carlaOnPanel();
    await store.getState().startVerification(handle, 'voice');

    await store.getState().identityProven(proof({ verificationId: 'v-from-another-window', customerId: customer.id, handle: 'Carla.Test' }));

    expect(store.getState().pendingVerifications).toEqual([]);
  });

  it('a code that did not bind the claimed number leaves the claim and tells the agent', async () => {
    const { store, repo, customer } = await carlaOnPanel();
    await repo.addIdentity(customer.id, 'phone', '+12125550123', REGION);
    await store.getState().identityClaimed(claim());

    await store.getState().identityProven(proof({ customerId: customer.id, handle: 'mallory.test', did: 'did:plc:mallory', phone: null }));

    expect(store.getState().contextProblem?.operation).toBe('proof');
  });
});

describe('social handles and claims', () => {
  it('a handle added by the agent is recorded unverified; with no customer on the panel nothing is added', async () => {
    const { store } = await carlaOnPanel();

    expect(await store.getState().addSocialHandle('@carla.bsky.social')).toBe(true);
    expect(store.getState().customerContext?.identities.find((identity) => identity.value === 'carla.bsky.social')).toMatchObject({ verified: false });

    store.setState({ customerContext: null });
    expect(await store.getState().addSocialHandle('@someone.test')).toBe(false);
  });

  it('a number nobody has, sent privately, is listed newest first, once per message, the last few only', async () => {
    const { store } = await carlaOnPanel();
    const messages = Array.from({ length: UNLINKED_PROOFS_KEPT + 2 }, (_, i) => claim({ phone: '+14155550100', evidenceUri: `at://convo/m${i}`, at: i }));

    for (const message of messages) await store.getState().identityClaimed(message);
    await store.getState().identityClaimed(messages.at(-1)!);

    const listed = store.getState().unlinkedProofs;
    expect(listed.map((unlinked) => unlinked.evidenceUri)).toEqual(
      messages
        .slice(-UNLINKED_PROOFS_KEPT)
        .reverse()
        .map((message) => message.evidenceUri),
    );
    expect(listed[0]).toMatchObject({ handle: 'mallory.test', phone: '+14155550100', reason: 'no-customer' });
  });

  it('a dismissed unlinked number is gone from the list', async () => {
    const { store } = await carlaOnPanel();
    await store.getState().identityClaimed(claim({ phone: '+14155550100' }));

    store.getState().dismissUnlinkedProof(claim().evidenceUri);

    expect(store.getState().unlinkedProofs).toEqual([]);
  });
});
