import { readFile } from 'node:fs/promises';
import * as z from 'zod';
import { Language, SipAccountInput, SocialAccountInput, SocialColumn, Theme } from '@tandem/contract';
import { writeFileAtomically } from '../storage/atomicWrite';
import { tightenFile } from '../storage/privateFs';

/** What the agent changes in the UI and expects to find again next launch. */
export const Preferences = z.object({
  language: Language.optional(),
  theme: Theme.optional(),
  /** A SIP account typed in the settings screen; it overrides the profile's. Never the password. */
  sip: SipAccountInput.omit({ password: true }).optional(),
  /** Social accounts added in the app (the profile's stay in the profile). Never the app password. */
  socialAccounts: z.array(SocialAccountInput.omit({ appPassword: true })).optional(),
  /** A phone-only seat hides the social column. */
  socialColumn: SocialColumn.optional(),
});
export type Preferences = z.infer<typeof Preferences>;

export interface PreferencesStore {
  load(): Promise<Preferences>;
  save(preferences: Preferences): Promise<void>;
}

/**
 * A JSON file written atomically (temp file + rename) so a crash never leaves
 * half a file; saves to it are serialised and the last one wins (atomicWrite).
 */
export class JsonPreferencesStore implements PreferencesStore {
  constructor(private readonly file: string) {}

  async load(): Promise<Preferences> {
    // It says which server and account the agent uses: 0600, like everything in the data folder.
    await tightenFile(this.file);
    try {
      const parsed = Preferences.safeParse(JSON.parse(await readFile(this.file, 'utf8')));
      return parsed.success ? parsed.data : {};
    } catch {
      return {};
    }
  }

  save(preferences: Preferences): Promise<void> {
    return writeFileAtomically(this.file, JSON.stringify(preferences, null, 2));
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
