import { describe, expect, it } from 'vitest';
import { createCore } from '../../../main/core/app/createCore';
import { silentLogger } from '../../../main/core/log/logger';
import { Profile } from '../../../main/core/profile/profileSchema';
import { AccountSecrets, teamIdentity } from '../../../main/core/secrets/accountSecrets';
import { MemorySecretStore } from '../../../main/core/secrets/secretStore';
import { MemoryPreferencesStore } from '../../../main/core/settings/preferencesStore';
import { publicTeamStatus } from '../../../main/core/team/teamService';
import { withSoloDesk } from './soloDesk';

describe('what the agent is told about the team link', () => {
  it('a desk without team.database answers "solo" and opens no session', async () => {
    await withSoloDesk(async (core) => {
      expect(await core.dispatch('team:getStatus', {})).toEqual({ ok: true, value: { state: 'solo', pending: 0 } });
    });
  });

  it('catching up still reads "connecting"; reconnecting reads "offline" with why and what waits', () => {
    const base = { pendingChanges: 3, refusedWrites: 0, lastSeq: 10, settledSeq: 10 };
    expect(publicTeamStatus({ ...base, state: 'live' })).toEqual({ state: 'connected', pending: 3 });
    expect(publicTeamStatus({ ...base, state: 'catching-up' })).toEqual({ state: 'connecting', pending: 3 });
    expect(publicTeamStatus({ ...base, state: 'reconnecting', problem: 'credentials-rejected' })).toEqual({
      state: 'offline',
      pending: 3,
      detail: 'team.detail.credentialsRejected',
    });
    // A past problem is not shown once the link is back.
    expect(publicTeamStatus({ ...base, state: 'connecting', problem: 'unreachable' })).toEqual({ state: 'connecting', pending: 3 });
  });

  it('writes the database refused for good are counted, so the agent knows some were kept aside', () => {
    const status = { pendingChanges: 0, refusedWrites: 2, lastSeq: 10, settledSeq: 10 };
    expect(publicTeamStatus({ ...status, state: 'live' })).toEqual({ state: 'connected', pending: 0, refused: 2 });
  });
});

describe('the team password typed in Accounts', () => {
  const open = (profile: unknown, secrets = new MemorySecretStore()) =>
    createCore({ profile: Profile.parse(profile), secrets, preferences: new MemoryPreferencesStore(), shell: 'web', version: '0.0.0-test', log: silentLogger });

  it('is stored for the profile database account only, and never comes back', async () => {
    const secrets = new MemorySecretStore();
    // An address nobody answers on: the desk stays offline, which is all this test needs.
    const url = 'postgresql://ana@127.0.0.1:9/tandem';
    const core = await open({ agent: { name: 'Ana Ruiz', id: 'ana' }, team: { database: { url, tls: 'disable' } } }, secrets);
    try {
      expect(await core.dispatch('settings:get', {})).toMatchObject({ ok: true, value: { team: { database: { url, hasPassword: false } } } });
      const answer = await core.dispatch('settings:setTeamPassword', { password: 'typed-team-pw' });
      expect(answer).toMatchObject({ ok: true, value: { team: { database: { url, hasPassword: true } } } });
      expect(JSON.stringify(answer)).not.toContain('typed-team-pw');
      expect(await new AccountSecrets(secrets).get(teamIdentity({ url, login: 'ana' }))).toBe('typed-team-pw');
      expect(await new AccountSecrets(secrets).get(teamIdentity({ url: 'postgresql://ana@127.0.0.1:9/other', login: 'ana' }))).toBeUndefined();
    } finally {
      await core.dispose();
    }
  });

  it('a solo desk refuses it', async () => {
    const core = await open({ agent: { name: 'Ana Ruiz' } });
    try {
      expect(await core.dispatch('settings:setTeamPassword', { password: 'x' })).toMatchObject({
        ok: false,
        error: { code: 'rejected', messageKey: 'settings.errors.noTeamDatabase' },
      });
    } finally {
      await core.dispose();
    }
  });
});
