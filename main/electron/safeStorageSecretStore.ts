import { chmod, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from '../core/log/logger';
import type { SecretStore } from '../core/secrets/secretStore';
import { ensurePrivateDir } from '../core/storage/privateFs';


/**
 * The part of Electron's `safeStorage` we use. main.ts passes `safeStorage`
 * itself; this file does not import electron, so the store is unit tested.
 */
export interface Encryption {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/**
 * Secrets encrypted with the OS keychain (safeStorage: Keychain, DPAPI,
 * libsecret/kwallet) and kept as base64 in a 0600 JSON file under userData,
 * the way element-desktop keeps its pickle key.
 *
 * When the OS offers no encryption (a Linux session without a keyring, where
 * safeStorage would fall back to a hard-coded key), nothing is written to
 * disk: secrets stay in memory for this run only, and the log says so once,
 * naming the key but never the value.
 */
export class SafeStorageSecretStore implements SecretStore {
  readonly #memory = new Map<string, string>();
  #encrypted: Record<string, string> | undefined;
  #warned = false;
  #writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly log: Logger,
    private readonly encryption: Encryption,
  ) {}

  async get(key: string): Promise<string | undefined> {
    const remembered = this.#memory.get(key);
    if (remembered !== undefined) return remembered;
    if (!this.encryption.isEncryptionAvailable()) return undefined;
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
    if (!this.encryption.isEncryptionAvailable()) {
      if (!this.#warned) {
        this.log.warn('OS encryption is unavailable: secrets are kept in memory for this session only', { key });
        this.#warned = true;
      }
      return;
    }
    const encrypted = this.encryption.encryptString(value).toString('base64');
    await this.#update((all) => ({ ...all, [key]: encrypted }));
  }

  async delete(key: string): Promise<void> {
    this.#memory.delete(key);
    if (!this.encryption.isEncryptionAvailable()) return;
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
