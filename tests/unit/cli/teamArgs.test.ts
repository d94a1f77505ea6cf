import { describe, expect, it } from 'vitest';
import { databaseUrl, parseTeamArgs, redactUrl, UsageError } from '../../../main/cli/teamArgs';

const DATABASE = 'postgresql://admin@db.acme.test:5432/tandem';

function refusal(argv: readonly string[]): string {
  try {
    parseTeamArgs(argv);
  } catch (error: unknown) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error('accepted');
}

describe('npm run team: the command line', () => {
  it('init takes the database URL', () => {
    expect(parseTeamArgs(['init', '--database', DATABASE])).toEqual({ kind: 'init', database: DATABASE });
  });

  it('add-agent takes the id, name, role and an optional SIP address and password reset', () => {
    expect(
      parseTeamArgs([
        'add-agent',
        '--database',
        DATABASE,
        '--id',
        'ana',
        '--name',
        'Ana Ruiz',
        '--role',
        'supervisor',
        '--sip',
        'sip:1001@acme.test',
        '--reset-password',
      ]),
    ).toEqual({
      kind: 'add-agent',
      database: DATABASE,
      agent: { id: 'ana', name: 'Ana Ruiz', role: 'supervisor', sipUri: 'sip:1001@acme.test', resetPassword: true },
    });
    expect(parseTeamArgs(['add-agent', `--database=${DATABASE}`, '--id=ben', '--name=Ben', '--role=agent'])).toMatchObject({
      agent: { id: 'ben', role: 'agent', sipUri: null, resetPassword: false },
    });
  });

  it('no command, help or -h asks for the usage', () => {
    expect(parseTeamArgs([])).toEqual({ kind: 'help' });
    expect(parseTeamArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseTeamArgs(['init', '-h'])).toEqual({ kind: 'help' });
  });

  it('a wrong or incomplete URL is refused without echoing it', () => {
    expect(refusal(['init'])).toMatch(/--database postgresql:\/\/user@host:port\/database is required/);
    expect(refusal(['init', '--database', 'not a url s3cret'])).toBe('--database is not a URL: expected postgresql://user@host:port/database');
    expect(refusal(['init', '--database', 'mysql://root:s3cret@db/tandem'])).toBe('--database must be a postgresql:// URL, not mysql://');
    expect(refusal(['init', '--database', 'postgresql://admin:s3cret@db.acme.test:5432'])).toBe(
      '--database names no database: expected postgresql://admin:***@db.acme.test:5432/DATABASE',
    );
    expect(refusal(['init', '--database', 'postgresql:///tandem'])).toMatch(/names no host/);
  });

  it('add-agent needs an id, a name and a role it knows; a SIP address must look like one', () => {
    const base = ['add-agent', '--database', DATABASE];
    expect(refusal([...base, '--name', 'Ben', '--role', 'agent'])).toMatch(/--id is required/);
    expect(refusal([...base, '--id', 'ben', '--role', 'agent'])).toMatch(/--name is required/);
    expect(refusal([...base, '--id', 'ben', '--name', 'Ben'])).toBe('add-agent: --role agent|supervisor is required');
    expect(refusal([...base, '--id', 'ben', '--name', 'Ben', '--role', 'boss'])).toBe('add-agent: --role must be agent or supervisor, not "boss"');
    expect(refusal([...base, '--id', 'ben', '--name', 'Ben', '--role', 'agent', '--sip', '1001'])).toMatch(/--sip must be a SIP address/);
  });

  it('an unknown command, flag or stray argument is refused', () => {
    expect(refusal(['sync', '--database', DATABASE])).toBe('unknown command "sync": init or add-agent');
    expect(refusal(['init', '--database', DATABASE, '--force'])).toMatch(/--force/);
    expect(refusal(['init', 'now', '--database', DATABASE])).toBe('unexpected argument "now"');
  });

  it('a URL is shown without its password', () => {
    expect(redactUrl(databaseUrl('postgresql://admin:s3cret@db.acme.test/tandem'))).toBe('postgresql://admin:***@db.acme.test/tandem');
    expect(redactUrl(databaseUrl(DATABASE))).toBe(DATABASE);
  });
});
