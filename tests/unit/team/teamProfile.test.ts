import { describe, expect, it } from 'vitest';
import { Profile, profileHoldsSecret, teamDatabaseOf } from '../../../main/core/profile/profileSchema';
import { AccountSecrets, teamIdentity } from '../../../main/core/secrets/accountSecrets';
import { seedProfileSecrets } from '../../../main/core/secrets/profileSecrets';
import { MemorySecretStore } from '../../../main/core/secrets/secretStore';

const PASSWORD = 'team-pw-7Qx';
const teamProfile = (database: Record<string, unknown>, agent: Record<string, unknown> = { name: 'Ana Ruiz', id: 'ana' }) => ({
  agent,
  team: { roster: [], database },
});

/** The profile's problems as loadProfile would report them: path and message only. */
const problems = (input: unknown): string[] => {
  const parsed = Profile.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('a deployment names the team database in the profile', () => {
  it('reads the documented example, with verify-full as the TLS default', () => {
    const profile = Profile.parse(teamProfile({ url: 'postgresql://ana@db.example.com:5432/tandem', password: PASSWORD }));
    expect(teamDatabaseOf(profile)).toEqual({ url: 'postgresql://ana@db.example.com:5432/tandem', login: 'ana', tls: 'verify-full', ca: undefined });
    expect(profileHoldsSecret(profile)).toBe(true);
  });

  it('a desk without team.database stays solo', () => {
    expect(teamDatabaseOf(Profile.parse({ agent: { name: 'Ana Ruiz' } }))).toBeUndefined();
  });

  it('takes the login from the URL when agent.id is left out', () => {
    const profile = Profile.parse(teamProfile({ url: 'postgresql://ben@127.0.0.1/tandem', tls: 'disable' }, { name: 'Ben K.' }));
    expect(teamDatabaseOf(profile)?.login).toBe('ben');
  });

  it('refuses a team database without a login, or with a URL user other than agent.id', () => {
    expect(problems(teamProfile({ url: 'postgresql://127.0.0.1/tandem' }, { name: 'Ana Ruiz' }))).toEqual([
      expect.stringMatching(/^agent\.id: is required with team\.database/),
    ]);
    expect(problems(teamProfile({ url: 'postgresql://ben@127.0.0.1/tandem' }))).toEqual([
      expect.stringMatching(/^team\.database\.url: names another user than agent\.id/),
    ]);
  });

  it('refuses an agent id that is not a team login', () => {
    expect(problems(teamProfile({ url: 'postgresql://127.0.0.1/tandem' }, { name: 'Ana', id: 'Ana Ruiz' }))[0]).toMatch(/^agent\.id: must be a team login/);
  });

  it('refuses a password or options inside the URL, and other schemes, without echoing them', () => {
    const inUrl = problems(teamProfile({ url: `postgresql://ana:${PASSWORD}@127.0.0.1/tandem` }));
    expect(inUrl).toEqual(['team.database.url: must not hold a password: put it in team.database.password']);
    expect(inUrl.join()).not.toContain(PASSWORD);
    expect(problems(teamProfile({ url: 'postgresql://ana@127.0.0.1/tandem?sslmode=disable' }))[0]).toMatch(/must not carry options/);
    expect(problems(teamProfile({ url: 'mysql://ana@127.0.0.1/tandem' }))[0]).toMatch(/must be a postgresql:\/\/ URL/);
    expect(problems(teamProfile({ url: 'postgresql://ana@127.0.0.1/tandem', tls: 'prefer' }))[0]).toMatch(/^team\.database\.tls/);
    expect(problems(teamProfile({ url: 'postgresql://ana@127.0.0.1/tandem', ca: 'ca.pem' }))[0]).toMatch(/^team\.database\.ca: must be an absolute path/);
  });
});

describe('the team password is a secret bound to its database account', () => {
  it('moves into the secret store for exactly that host, port, database and user', async () => {
    const profile = Profile.parse(teamProfile({ url: 'postgresql://ana@DB.example.com/tandem', password: PASSWORD }));
    const store = new MemorySecretStore();
    await seedProfileSecrets(profile, store);
    const secrets = new AccountSecrets(store);
    const database = teamDatabaseOf(profile);
    if (database === undefined) throw new Error('the profile names a team database');
    expect(teamIdentity(database)).toEqual({ kind: 'team', host: 'db.example.com', port: 5432, database: 'tandem', user: 'ana' });
    expect(await secrets.get(teamIdentity(database))).toBe(PASSWORD);
    for (const url of ['postgresql://ana@evil.example/tandem', 'postgresql://ana@db.example.com:6543/tandem', 'postgresql://ana@db.example.com/other']) {
      expect(await secrets.get(teamIdentity({ url, login: 'ana' }))).toBeUndefined();
    }
    expect(await secrets.get(teamIdentity({ ...database, login: 'ben' }))).toBeUndefined();
  });

  it('a password the agent typed in the app for that database wins over the profile', async () => {
    const profile = Profile.parse(teamProfile({ url: 'postgresql://ana@db.example.com/tandem', password: PASSWORD }));
    const store = new MemorySecretStore();
    const identity = teamIdentity({ url: 'postgresql://ana@db.example.com/tandem', login: 'ana' });
    await new AccountSecrets(store).set(identity, 'typed-by-ana', 'app');
    await seedProfileSecrets(profile, store);
    expect(await new AccountSecrets(store).get(identity)).toBe('typed-by-ana');
  });
});
