/**
 * A stored SIP password answers challenges only from the account it was
 * given for (issue 9, item 3). Ana's real account is on Kamailio; the other
 * server is a FAKE registrar (support/fakeSipRegistrar.ts) that challenges
 * every REGISTER and records any Authorization header it is sent: exactly
 * what a stranger's server would collect.
 *
 * Run inside a loopback-only namespace:
 *   unshare -n bash -c 'ip link set lo up && npx vitest run --project integration tests/integration/secret-binding.test.ts'
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PublicSettings, RegistrationState } from '@tandem/contract';
import { startKamailio, type Kamailio } from '../peers/kamailio';
import { assertLoopbackOnly } from '../peers/netns';
import { digestResponseFor, digestResponseOf, startFakeSipRegistrar, type FakeSipRegistrar } from './support/fakeSipRegistrar';
import { openRegisteredDesk, type Desk } from './support/softphoneDesk';

const USERS = { '1001': 'pw1001' };
/** Where a registration rests: not on its way anywhere. */
const SETTLED: ReadonlySet<RegistrationState> = new Set(['registered', 'credentials-rejected', 'unregistered']);

let kamailio: Kamailio;
let fake: FakeSipRegistrar;
let desk: Desk | undefined;

beforeAll(async () => {
  assertLoopbackOnly();
  kamailio = await startKamailio({ users: USERS });
});

beforeEach(async () => {
  fake = await startFakeSipRegistrar();
});

afterEach(async () => {
  await desk?.dispose();
  desk = undefined;
  await fake.stop();
});

afterAll(async () => {
  await kamailio?.stop();
});

const anaAccount = () => ({
  server: kamailio.wsUrl,
  uri: `sip:1001@${kamailio.domain}`,
  authorizationUser: '1001',
  displayName: 'Ana R.',
  defaultRegion: 'US',
});

describe('Ana’s stored SIP password stays with her account', () => {
  it('pointing the account at another server without retyping the password is refused, and that server never gets a digest', async () => {
    // Step 1: Ana's desk is registered on her real server with the profile's password.
    desk = await openRegisteredDesk(kamailio, '1001', USERS['1001'], { displayName: 'Ana R.' });
    const { core } = desk;

    // Step 2: someone changes only the server, leaving the password field empty.
    const answer = await core.dispatch('settings:setSipAccount', { ...anaAccount(), server: fake.url });

    // Step 3: the line settles (at once when the change is refused) and the other server got no credentials.
    await vi.waitFor(
      () => {
        expect(SETTLED.has(core.softphone.snapshot().registration.state)).toBe(true);
      },
      { timeout: 10_000, interval: 50 },
    );
    const credentialsSent = fake.seen.flatMap(({ method, authorization }) =>
      authorization === undefined
        ? []
        : [{ method, answersForAnasPassword: digestResponseOf(authorization) === digestResponseFor(authorization, USERS['1001']) }],
    );
    expect(credentialsSent).toEqual([]);

    // Step 4: the save was refused, naming the password, and Ana is still on her own server.
    expect(answer).toMatchObject({ ok: false, error: { code: 'rejected', messageKey: 'settings.errors.passwordRequired' } });
    const settings = (await core.dispatch('settings:get', {})) as { ok: true; value: PublicSettings };
    expect(settings.value.sip).toMatchObject({ server: kamailio.wsUrl, hasPassword: true });
    expect(core.softphone.snapshot().registration.state).toBe('registered');
  });

  it('with a new password typed, the new server gets a digest of that one only, and the old password is cleared', async () => {
    desk = await openRegisteredDesk(kamailio, '1001', USERS['1001'], { displayName: 'Ana R.' });
    const { core, events } = desk;

    // Step 1: the account moves to the other server with a password typed for it.
    const mark = events.mark;
    expect(await core.dispatch('settings:setSipAccount', { ...anaAccount(), server: fake.url, password: 'typed-for-the-other-server' })).toMatchObject({
      ok: true,
    });
    await events.registration('credentials-rejected', { from: mark });

    // Step 2: what the other server got answers for the typed password, not for Ana's stored one.
    const authorizations = fake.seen.flatMap((request) => (request.authorization === undefined ? [] : [request.authorization]));
    expect(authorizations.length).toBeGreaterThan(0);
    for (const authorization of authorizations) {
      expect(digestResponseOf(authorization)).toBe(digestResponseFor(authorization, 'typed-for-the-other-server'));
      expect(digestResponseOf(authorization)).not.toBe(digestResponseFor(authorization, USERS['1001']));
    }

    // Step 3: going back to Kamailio needs the password again: the old one went with the old account.
    expect(await core.dispatch('settings:setSipAccount', anaAccount())).toMatchObject({ ok: false, error: { messageKey: 'settings.errors.passwordRequired' } });
    const back = events.mark;
    expect(await core.dispatch('settings:setSipAccount', { ...anaAccount(), password: USERS['1001'] })).toMatchObject({ ok: true });
    await events.registration('registered', { from: back });
  });
});
