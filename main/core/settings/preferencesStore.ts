import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { Language, SipAccountInput, Theme } from '../../../preload/contract';

/** What the agent changes in the UI and expects to find again next launch. */
export const Preferences = z.object({
  language: Language.optional(),
  theme: Theme.optional(),
  /** A SIP account typed in the settings screen; it overrides the profile's. Never the password. */
  sip: SipAccountInput.omit({ password: true }).optional(),
});
export type Preferences = z.infer<typeof Preferences>;

export interface PreferencesStore {
  load(): Promise<Preferences>;
  save(preferences: Preferences): Promise<void>;
}

/** A JSON file written atomically (temp file + rename) so a crash never leaves half a file. */
export class JsonPreferencesStore implements PreferencesStore {
  constructor(private readonly file: string) {}

  async load(): Promise<Preferences> {
    try {
      const parsed = Preferences.safeParse(JSON.parse(await readFile(this.file, 'utf8')));
      return parsed.success ? parsed.data : {};
    } catch {
      return {};
    }
  }

  async save(preferences: Preferences): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(preferences, null, 2), { mode: 0o600 });
    await rename(temp, this.file);
  }
}

export class MemoryPreferencesStore implements PreferencesStore {
  #value: Preferences = {};
  load(): Promise<Preferences> {
    return Promise.resolve({ ...this.#value });
  }
  save(preferences: Preferences): Promise<void> {
    this.#value = { ...preferences };
    return Promise.resolve();
  }
}
