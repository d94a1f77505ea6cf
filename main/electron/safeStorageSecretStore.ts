import type { SafeStorage } from 'electron';
import { chmod, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from '../core/log/logger';
import type { SecretStore } from '../core/secrets/secretStore';
import { ensurePrivateDir } from '../core/storage/privateFs';

/**
 * The part of Electron's `safeStorage` we use. main.ts passes `safeStorage`
 * itself; this file imports only electron's types, so the store is unit
 * tested with a hand-made keychain.
 */
export type Encryption = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'>;

/** Why secrets are not written down this run, if they are not. */
export type SecretPersistence = 'os-keychain' | 'no-encryption' | 'no-keyring';

/**
 * What the OS offers. On Linux without a keyring (no GNOME Keyring, KWallet
 * or other Secret Service), Chromium picks the `basic_text` backend:
 * `isEncryptionAvailable()` still answers true, but the "encryption" uses a
 * key hard-coded in every Chromium, so the file would be as good as plain
 * text to anyone who can read it. That counts as no encryption at all.
 */
export function persistenceOf(encryption: Encryption, platform: NodeJS.Platform): SecretPersistence {
  if (!encryption.isEncryptionAvailable()) return 'no-encryption';
  // The backend question exists on Linux only (electron.d.ts: `@platform linux`).
  if (platform === 'linux' && encryption.getSelectedStorageBackend() === 'basic_text') return 'no-keyring';
  return 'os-keychain';
}

/**
 * Secrets encrypted with the OS keychain (safeStorage: Keychain, DPAPI,
 * libsecret/kwallet) and kept as base64 in a 0600 JSON file under userData,
 * the way element-desktop keeps its pickle key.
 *
 * When the OS offers no real encryption (see `persistenceOf`), the store
 * refuses to keep secrets: it neither writes nor reads the file, secrets stay
 * in memory for this run only, the log says so once (naming the key, never
 * the value), and `persistent` is false so the shell can tell the agent why.
 * Decided once, at construction, after the app is ready.
 */
export class SafeStorageSecretStore implements SecretStore {
  readonly #memory = new Map<string, string>();
  #encrypted: Record<string, string> | undefined;
  #warned = false;
  #writing: Promise<void> = Promise.resolve();
  readonly persistence: SecretPersistence;

  constructor(
    private readonly file: string,
    private readonly log: Logger,
    private readonly encryption: Encryption,
    platform: NodeJS.Platform = process.platform,
  ) {
    this.persistence = persistenceOf(encryption, platform);
  }

  /** Whether a secret set now will still be there at the next launch. */
  get persistent(): boolean {
    return this.persistence === 'os-keychain';
  }

  async get(key: string): Promise<string | undefined> {
    const remembered = this.#memory.get(key);
    if (remembered !== undefined) return remembered;
    if (!this.persistent) return undefined;
    const stored = (await this.#load())[key];
    if (stored === undefined) return undefined;
    try {
      const value = this.encryption.decryptString(Buffer.from(stored, 'base64'));
      this.#memory.set(key, value);
      return value;
    } catch {
      // Encrypted under another OS account or keyring: unusable, as if absent.
      this.log.warn('stored secret cannot be decrypted; ignoring it', { key });
      return undefined;
    }
  }

  async set(key: string, value: string): Promise<void> {
    this.#memory.set(key, value);
    if (!this.persistent) {
      if (!this.#warned) {
        this.log.warn('no OS keyring to encrypt secrets with: they are kept in memory for this session only', { key, reason: this.persistence });
        this.#warned = true;
      }
      return;
    }
    const encrypted = this.encryption.encryptString(value).toString('base64');
    await this.#update((all) => ({ ...all, [key]: encrypted }));
  }

  async delete(key: string): Promise<void> {
    this.#memory.delete(key);
    if (!this.persistent) return;
    await this.#update((all) => Object.fromEntries(Object.entries(all).filter(([name]) => name !== key)));
  }

  async #load(): Promise<Record<string, string>> {
    if (this.#encrypted !== undefined) return this.#encrypted;
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(this.file, 'utf8'));
    } catch {
      parsed = {};
    }
    const entries =
      parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
        ? Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string')
        : [];
    this.#encrypted = Object.fromEntries(entries);
    return this.#encrypted;
  }

  /** Writes are serialised, and each is atomic (temp file + rename), created 0600. */
  #update(change: (all: Record<string, string>) => Record<string, string>): Promise<void> {
    const next = this.#writing.then(async () => {
      const updated = change(await this.#load());
      this.#encrypted = updated;
      await ensurePrivateDir(dirname(this.file));
      const temp = `${this.file}.${process.pid}.tmp`;
      await writeFile(temp, JSON.stringify(updated, null, 2), { mode: 0o600 });
      await chmod(temp, 0o600);
      await rename(temp, this.file);
    });
    this.#writing = next.catch(() => undefined);
    return next;
  }
}
