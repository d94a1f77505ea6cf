import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger, type Logger } from '../../../main/core/log/logger';
import { SafeStorageSecretStore, type Encryption } from '../../../main/electron/safeStorageSecretStore';

type Backend = ReturnType<Encryption['getSelectedStorageBackend']>;

/** Stands in for the OS keychain: reversible, and visibly not the plain text. */
const fakeKeychain = (available = true, backend: Backend = 'gnome_libsecret'): Encryption => ({
  isEncryptionAvailable: () => available,
  getSelectedStorageBackend: () => backend,
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

  it('on Linux without a keyring (basic_text), refuses to write the password down and says why', async () => {
    const lines: string[] = [];
    const log: Logger = { ...silentLogger, warn: (message, fields) => lines.push(`${message} ${JSON.stringify(fields)}`) };
    // Step 1: Chromium's fallback "encrypts" with a key every copy of Chromium knows, and still calls that available.
    const store = new SafeStorageSecretStore(file, log, fakeKeychain(true, 'basic_text'), 'linux');
    expect(store.persistent).toBe(false);
    expect(store.persistence).toBe('no-keyring');

    // Step 2: the agent types the SIP password: it works for this run, and nothing reaches the disk.
    await store.set('sip.password', 's3cret-pw');
    expect(await store.get('sip.password')).toBe('s3cret-pw');
    await expect(stat(file)).rejects.toThrow();
    expect(lines.join('\n')).toContain('no-keyring');
    expect(lines.join('\n')).not.toContain('s3cret-pw');

    // Step 3: the next launch has nothing: the password was never kept.
    expect(await new SafeStorageSecretStore(file, silentLogger, fakeKeychain(true, 'basic_text'), 'linux').get('sip.password')).toBeUndefined();
  });

  it('on Linux with a keyring, and elsewhere without asking Linux questions, keeps secrets', () => {
    expect(new SafeStorageSecretStore(file, silentLogger, fakeKeychain(true, 'kwallet6'), 'linux').persistent).toBe(true);
    const macKeychain: Encryption = {
      ...fakeKeychain(),
      getSelectedStorageBackend: () => {
        throw new Error('Linux only');
      },
    };
    expect(new SafeStorageSecretStore(file, silentLogger, macKeychain, 'darwin').persistence).toBe('os-keychain');
    expect(new SafeStorageSecretStore(file, silentLogger, fakeKeychain(false), 'win32').persistence).toBe('no-encryption');
  });

  it('treats a secret encrypted elsewhere as absent', async () => {
    await new SafeStorageSecretStore(file, silentLogger, fakeKeychain()).set('sip.password', 'pw');
    const otherKeychain: Encryption = {
      ...fakeKeychain(),
      decryptString: () => {
        throw new Error('wrong key');
      },
    };
    expect(await new SafeStorageSecretStore(file, silentLogger, otherKeychain).get('sip.password')).toBeUndefined();
  });
});
