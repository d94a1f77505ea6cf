/**
 * Where passwords and tokens live. Electron keeps them with safeStorage; the
 * browser host keeps them in main's memory (from the profile) or in a 0600
 * file. They never reach a renderer, Dexie or a log.
 */
export interface SecretStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/**
 * Where versions before account binding kept secrets, one per kind, bound to
 * nothing. Read by nobody any more: SettingsService.open deletes them (see
 * accountSecrets.ts for why an unbound secret can't be trusted).
 */
export const legacySecretKeys = {
  sipPassword: 'sip.password',
  socialAppPassword: (network: string, handle: string) => `social.${network}.${handle}.appPassword`,
} as const;

export class MemorySecretStore implements SecretStore {
  readonly #values = new Map<string, string>();
  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.#values.get(key));
  }
  set(key: string, value: string): Promise<void> {
    this.#values.set(key, value);
    return Promise.resolve();
  }
  delete(key: string): Promise<void> {
    this.#values.delete(key);
    return Promise.resolve();
  }
}
