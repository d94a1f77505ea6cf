import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger, type Logger } from '../../../main/core/log/logger';
import { SafeStorageSecretStore, type Encryption } from '../../../main/electron/safeStorageSecretStore';

/** Stands in for the OS keychain: reversible, and visibly not the plain text. */
const fakeKeychain = (available = true): Encryption => ({
  isEncryptionAvailable: () => available,
  encryptString: (plain) => Buffer.from(`enc:${[...plain].reverse().join('')}`),
  decryptString: (encrypted) => {
    const text = encrypted.toString();
    if (!text.startsWith('enc:')) throw new Error('not ours');
    return [...text.slice(4)].reverse().join('');
  },
});

describe('secrets on the desktop', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tandem-secrets-'));
    file = join(dir, 'userData', 'secrets.json');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the SIP password encrypted in a file only the agent can read, and finds it next launch', async () => {
    await new SafeStorageSecretStore(file, silentLogger, fakeKeychain()).set('sip.password', 's3cret-pw');

    const onDisk = await readFile(file, 'utf8');
    expect(onDisk).not.toContain('s3cret-pw');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await new SafeStorageSecretStore(file, silentLogger, fakeKeychain()).get('sip.password')).toBe('s3cret-pw');
  });

  it('forgets a deleted secret, on disk too', async () => {
    const store = new SafeStorageSecretStore(file, silentLogger, fakeKeychain());
    await store.set('sip.password', 'one');
    await store.set('social.bluesky.acme.appPassword', 'two');
    await store.delete('sip.password');
    const reopened = new SafeStorageSecretStore(file, silentLogger, fakeKeychain());
    expect(await reopened.get('sip.password')).toBeUndefined();
    expect(await reopened.get('social.bluesky.acme.appPassword')).toBe('two');
  });

  it('without OS encryption, writes nothing and warns without the value', async () => {
    const lines: string[] = [];
    const log: Logger = { ...silentLogger, warn: (message, fields) => lines.push(`${message} ${JSON.stringify(fields)}`) };
    const store = new SafeStorageSecretStore(file, log, fakeKeychain(false));
    await store.set('sip.password', 's3cret-pw');

    expect(await store.get('sip.password')).toBe('s3cret-pw');
    await expect(stat(file)).rejects.toThrow();
    expect(lines).toHaveLength(1);
    expect(lines.join('\n')).not.toContain('s3cret-pw');
  });

  it('treats a secret encrypted elsewhere as absent', async () => {
    await new SafeStorageSecretStore(file, silentLogger, fakeKeychain()).set('sip.password', 'pw');
    const otherKeychain: Encryption = { ...fakeKeychain(), decryptString: () => { throw new Error('wrong key'); } };
    expect(await new SafeStorageSecretStore(file, silentLogger, otherKeychain).get('sip.password')).toBeUndefined();
  });
});
