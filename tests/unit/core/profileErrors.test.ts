import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadProfile, ProfileError } from '../../../main/core/profile/loadProfile';
import { locateJsonError } from '../../../main/core/profile/jsonErrorLocation';

const PASSWORD = 'hunter2-Sup3rSecret';

async function writeProfile(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-profile-'));
  const file = join(dir, 'profile.json');
  await writeFile(file, text);
  await chmod(file, 0o600);
  return file;
}

/** Everything a refused profile could print: the error (message, stack, cause) and whatever reached the console. */
async function refusal(text: string): Promise<{ error: ProfileError; printed: string }> {
  const printed: string[] = [];
  const capture = (...args: unknown[]) => {
    printed.push(args.map(String).join(' '));
    return true;
  };
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, method).mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  const error = await loadProfile(await writeProfile(text)).then(
    () => {
      throw new Error('the profile was accepted');
    },
    (caught: unknown) => caught,
  );
  vi.restoreAllMocks();
  expect(error).toBeInstanceOf(ProfileError);
  const profileError = error as ProfileError;
  return {
    error: profileError,
    printed: [printed.join('\n'), profileError.stack ?? '', profileError.cause === undefined ? '' : JSON.stringify(profileError.cause)].join('\n'),
  };
}

const sipProfile = (passwordLine: string): string =>
  [
    '{',
    '  "agent": { "name": "Ana Ruiz" },',
    '  "sip": {',
    '    "server": "ws://127.0.0.1:8088",',
    '    "uri": "sip:1001@127.0.0.1",',
    `    ${passwordLine}`,
    '  }',
    '}',
  ].join('\n');

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a deployment’s profile has a typo next to the SIP password', () => {
  it('an unquoted password: the message names line, column and key, and the password appears nowhere', async () => {
    const { error, printed } = await refusal(sipProfile(`"password": ${PASSWORD}`));

    // Step 1: the agent is told where to look.
    expect(error.message).toMatch(/not valid JSON at line 6, column 17 \(in sip\.password\)/);
    // Step 2: nothing of the text came along — not the password, not the parser's quoted snippet.
    expect(error.message).not.toContain(PASSWORD);
    expect(error.message).not.toContain('"password"');
    expect(printed).not.toContain(PASSWORD);
  });

  it('a single-quoted password: same, and the parser’s own snippet never passes through', async () => {
    const { error, printed } = await refusal(sipProfile(`"password": '${PASSWORD}'`));
    expect(error.message).toMatch(/line 6, column 17 \(in sip\.password\)/);
    expect(error.message).not.toMatch(/is not valid JSON|Unexpected token/);
    expect(`${error.message}\n${printed}`).not.toContain(PASSWORD);
  });

  it('a missing comma after the password is reported against the password key, without its value', async () => {
    const text = sipProfile(`"password": "${PASSWORD}"\n    "displayName": "Ana"`);
    const { error, printed } = await refusal(text);
    expect(error.message).toMatch(/line 7, column 5 \(in sip\.password\)/);
    expect(`${error.message}\n${printed}`).not.toContain(PASSWORD);
  });

  it('a password pasted as a key is neither named nor echoed', async () => {
    const { error, printed } = await refusal(`{ "sip": { "${PASSWORD} x": oops } }`);
    expect(error.message).toMatch(/line 1, column \d+ \(in sip\.<key>\)/);
    expect(`${error.message}\n${printed}`).not.toContain('hunter2');
  });
});

describe('a profile that is JSON but breaks the schema', () => {
  it('names the key path and the problem, never the value', async () => {
    const text = JSON.stringify({
      sip: { server: 'http://example.invalid', uri: 'sip:1001@127.0.0.1', password: PASSWORD },
      social: [{ network: 'bluesky', service: 'not a url', handle: 'a.test' }],
    });
    const { error, printed } = await refusal(text);
    expect(error.message).toMatch(/sip\.server: must be a ws:\/\/ or wss:\/\/ URL/);
    expect(error.message).toMatch(/social\[0\]\.service: /);
    expect(`${error.message}\n${printed}`).not.toContain(PASSWORD);
    expect(error.message).not.toContain('example.invalid');
  });

  it('an unknown key holding a secret-looking name is elided, a plain typo is named', async () => {
    const text = JSON.stringify({ sip: { server: 'ws://127.0.0.1:8088', uri: 'sip:1001@127.0.0.1', pasword: 'x', [`${PASSWORD}!`]: 1 } });
    const { error } = await refusal(text);
    expect(error.message).toMatch(/sip: unknown keys pasword, <key>/);
    expect(error.message).not.toContain('hunter2');
  });
});

describe('the JSON error locator', () => {
  it('agrees with JSON.parse on what is valid', () => {
    for (const valid of ['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "\\u00e9\\n"]} ', '"x"', '0']) {
      expect(() => {
        JSON.parse(valid);
      }).not.toThrow();
      expect(locateJsonError(valid)).toBeUndefined();
    }
  });

  it('refuses what JSON.parse refuses in numbers', () => {
    for (const invalid of ['-', '01', '1.', '1e', '.5', '+1']) {
      expect(() => {
        JSON.parse(invalid);
      }).toThrow();
      expect(locateJsonError(invalid)).toBeDefined();
    }
  });

  it('finds the first error of each kind, with the path of the value being parsed', () => {
    expect(locateJsonError('{"a": {"b": [1, 2, x]}}')).toEqual({ line: 1, column: 20, path: ['a', 'b', 2] });
    expect(locateJsonError('{"a": 1,}')).toEqual({ line: 1, column: 9, path: [] });
    expect(locateJsonError('{"a": "\u0001"}')).toEqual({ line: 1, column: 8, path: ['a'] });
    expect(locateJsonError('{"a": 1}\n\nx')).toEqual({ line: 3, column: 1, path: [] });
    expect(locateJsonError('\uFEFF{}')).toEqual({ line: 1, column: 1, path: [] });
    expect(locateJsonError('{"a": "unterminated')).toEqual({ line: 1, column: 20, path: ['a'] });
  });
});
