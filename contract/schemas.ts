import * as z from 'zod';
import { CueExtensions } from './meaningCues';
import { ResponseTargets } from './responseTargets';
import { ShortcutBindings } from './shortcuts';

/**
 * Languages shipped with the app; the English file defines the keys. BCP 47
 * tags, so `Intl` and i18next's plural rules read them as they are; `ar` is
 * written right to left (the desk sets `<html dir>` from the language).
 */
export const LANGUAGES = ['en', 'es', 'pt-BR', 'fr', 'ar'] as const;
export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;

export const Theme = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof Theme>;

/** A request that carries nothing still has to be an empty object, so junk is refused. */
export const Empty = z.object({}).strict();

export const AgentRole = z.enum(['agent', 'supervisor']);

/**
 * What main needs the agent to know about this seat; the desk shows each as a
 * translated problem. `secrets-not-saved`: the OS has no keyring to encrypt
 * passwords with (Linux without one), so what the agent types is kept only
 * until the app quits.
 */
export const AppNotice = z.enum(['secrets-not-saved']);
export type AppNotice = z.infer<typeof AppNotice>;

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  shell: z.enum(['electron', 'web']),
  platform: z.string(),
  notices: z.array(AppNotice),
});
export type AppInfo = z.infer<typeof AppInfo>;

/** What the renderer may know about the configuration: no secrets, ever. */
export const PublicSettings = z.object({
  language: Language,
  theme: Theme,
  agent: z.object({ name: z.string(), role: AgentRole }),
  sip: z
    .object({
      server: z.string(),
      uri: z.string(),
      authorizationUser: z.string(),
      displayName: z.string(),
      defaultRegion: z.string(),
      hasPassword: z.boolean(),
    })
    .nullable(),
  /** `origin`: `app` when added in Accounts (the agent can remove it), `profile` when the deployment's profile sets it. */
  social: z.array(
    z.object({ network: z.string(), service: z.string(), handle: z.string(), hasAppPassword: z.boolean(), origin: z.enum(['profile', 'app']).optional() }),
  ),
  /** Whether the desk shows the social column (a phone-only seat hides it); absent: shown. */
  socialColumn: z.enum(['shown', 'hidden']).optional(),
  team: z.object({
    roster: z.array(z.object({ name: z.string(), uri: z.string() })),
    /** The team database this desk joins (absent: a solo desk); its password never, only whether one is stored. */
    database: z.object({ url: z.string(), hasPassword: z.boolean() }).optional(),
    /** First-response targets per channel (the profile's `team.responseTargets`, else the defaults): the inbox's timers. */
    responseTargets: ResponseTargets.optional(),
  }),
  /** Empty: the renderer offers its translated default codes. */
  wrapUpCodes: z.array(z.object({ id: z.string(), label: z.string() })),
  /** The keyboard shortcut of every desk action, canonical ("Alt+Shift+A"). */
  shortcuts: ShortcutBindings,
  /** The team's cue phrases per language, appended to the shipped ones when judging a post's meaning (profile `cues`). */
  cues: CueExtensions.optional(),
});
export type PublicSettings = z.infer<typeof PublicSettings>;

export const ConnectionState = z.enum(['offline', 'connecting', 'online']);
export type ConnectionState = z.infer<typeof ConnectionState>;

export const DialRequest = z.object({ target: z.string().min(1).max(256) }).strict();

/**
 * A SIP account typed in the settings screen. The password is optional: left
 * out, the stored one is kept. It goes to main's secret store (safeStorage in
 * Electron) and never comes back.
 */
export const SipAccountInput = z
  .object({
    server: z.url({ protocol: /^wss?$/, error: 'must be a ws:// or wss:// URL' }).max(512),
    uri: z
      .string()
      .max(256)
      .regex(/^sips?:[^@\s<>"]+@[^@\s<>"]+$/, { message: 'must be a SIP URI such as sip:1001@example.com' }),
    authorizationUser: z.string().max(128).optional(),
    password: z.string().min(1).max(256).optional(),
    displayName: z.string().max(128),
    defaultRegion: z.string().regex(/^[A-Z]{2}$/, { message: 'must be a two-letter region such as US' }),
  })
  .strict();
export type SipAccountInput = z.infer<typeof SipAccountInput>;
