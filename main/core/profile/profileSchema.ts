import { isAbsolute } from 'node:path';
import * as z from 'zod';
import { AgentRole, CueExtensions, DEFAULT_SHORTCUTS, duplicateShortcuts, Language, ShortcutCombo, type ShortcutBindings } from '@tandem/contract';

/**
 * A profile scripts the app for a deployment or a test: who the agent is and
 * which SIP and social accounts to use. Unknown keys are refused, so a typo is
 * caught at start-up instead of silently ignored.
 */
const SipServerUrl = z
  .string()
  .url()
  .refine((value) => /^wss?:\/\//.test(value), { message: 'must be a ws:// or wss:// URL' });

const SipUri = z.string().regex(/^sips?:[^@\s]+@[^@\s]+$/, { message: 'must be a SIP URI such as sip:1001@example.com' });

const IceServer = z
  .object({
    urls: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    username: z.string().optional(),
    credential: z.string().optional(),
  })
  .strict();

const compiles = (source: string) => {
  try {
    // The profile is the deployment's own file, and only short input is ever tested against it (dialTarget.ts).
    // eslint-disable-next-line security/detect-non-literal-regexp
    new RegExp(source, 'u');
    return true;
  } catch {
    return false;
  }
};

const ExtensionPattern = z
  .string()
  .max(80)
  .refine((value) => value.startsWith('^') && value.endsWith('$'), { message: 'must be anchored at both ends: ^…$' })
  .refine(compiles, { message: 'must be a valid regular expression' });

/** The profile's extension pattern as the dialler uses it, or undefined for the default (2–6 digits). */
export function extensionPatternOf(profile: { readonly sip?: { readonly extensionPattern?: string | undefined } | undefined }): RegExp | undefined {
  const source = profile.sip?.extensionPattern;
  // Validated by the schema above.
  // eslint-disable-next-line security/detect-non-literal-regexp
  return source === undefined ? undefined : new RegExp(source, 'u');
}

export const SipProfile = z
  .object({
    server: SipServerUrl,
    uri: SipUri,
    authorizationUser: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    displayName: z.string().max(128).default(''),
    defaultRegion: z
      .string()
      .regex(/^[A-Z]{2}$/, { message: 'must be a two-letter ISO 3166 region such as US' })
      .default('US'),
    /**
     * What the agent may dial as a bare extension on the account's domain, as a regular expression anchored at
     * both ends (`^[0-9]{3,4}$`, `^(\\*[0-9]{2}|[0-9]{4})$`). Only tried for input that is no valid phone number.
     */
    extensionPattern: ExtensionPattern.optional(),
    // Empty by default: never a public STUN server (privacy, and our loopback-only tests).
    iceServers: z.array(IceServer).default([]),
    /** Who may transfer the agent's calls elsewhere with a REFER (main/core/softphone/calls/referPolicy.ts). */
    transfer: z
      .object({
        /** Followed without asking: extensions of our domain (`2001`) or SIP URIs. Teammates (team.roster) always are. */
        allowedTargets: z
          .array(z.union([z.string().regex(/^[A-Za-z0-9._~+-]{1,64}$/, { message: 'must be an extension such as 2001' }), SipUri]))
          .max(200)
          .default([]),
        /** Let an external party (a phone number, another domain) transfer the agent at all; then the agent is asked. */
        allowFromExternal: z.boolean().default(false),
        /** Let the agent be asked about transfers to phone numbers and feature codes (else refused). */
        allowPhoneNumbers: z.boolean().default(false),
      })
      .strict()
      .default({ allowedTargets: [], allowFromExternal: false, allowPhoneNumbers: false }),
    /**
     * A PEM file of extra CAs to trust for a wss:// server (a private CA), on
     * top of the system's. Absolute, so it does not depend on the working directory.
     */
    trustedCertificates: z
      .string()
      .min(1)
      .refine((value) => isAbsolute(value), { message: 'must be an absolute path to a PEM file' })
      .optional(),
  })
  .strict();

/**
 * How a desk talks to the team database. The password is a secret like the SIP password: at start-up it moves to the
 * secret store, bound to this database account (host, port, database, user), and is never shown again.
 *
 * `tls` defaults to `verify-full` on every host, loopback included: a desk never sends its password over an
 * unverified connection unless the profile says so in writing (`"tls": "disable"` for a database on the same machine,
 * `"require"` for encryption without verification, which resists a passive listener only).
 */
const TeamDatabaseUrl = z
  .string()
  .min(1)
  .max(2048)
  .refine((value) => parsedTeamUrl(value) !== undefined, {
    message: 'must be a postgresql:// URL with a host, such as postgresql://ana@db.example.com:5432/tandem',
  })
  .refine((value) => parsedTeamUrl(value)?.password === '', { message: 'must not hold a password: put it in team.database.password' })
  .refine((value) => parsedTeamUrl(value)?.search === '', { message: 'must not carry options (?sslmode…): use team.database.tls and ca' });

export const TeamDatabaseProfile = z
  .object({
    url: TeamDatabaseUrl,
    password: z.string().min(1).max(1024).optional(),
    tls: z.enum(['disable', 'require', 'verify-full']).default('verify-full'),
    /** A PEM file of the CA that signed the server's certificate (verify-full); absolute, like sip.trustedCertificates. */
    ca: z
      .string()
      .min(1)
      .refine((value) => isAbsolute(value), { message: 'must be an absolute path to a PEM file' })
      .optional(),
  })
  .strict();
export type TeamDatabaseProfile = z.output<typeof TeamDatabaseProfile>;

/** The URL parsed when it is a postgresql:// (or postgres://) URL with a host; undefined otherwise. */
export function parsedTeamUrl(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgresql:' || url.protocol === 'postgres:') && url.hostname !== '' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The user named in the URL ('' when none), decoded. */
export function teamUrlUser(value: string): string {
  const url = parsedTeamUrl(value);
  if (url === undefined) return '';
  try {
    return decodeURIComponent(url.username);
  } catch {
    return url.username;
  }
}

export const SocialAccountProfile = z
  .object({
    network: z.enum(['bluesky']),
    service: z.string().url(),
    handle: z.string().min(1).max(253),
    appPassword: z.string().min(1).optional(),
    /**
     * Private messages: the chat service Tandem talks to directly. Without it private messages are off; they are
     * never proxied through the PDS (which would forward them to the network's production chat service).
     */
    chatService: z
      .object({ url: z.string().url(), did: z.string().startsWith('did:') })
      .strict()
      .optional(),
    /** Where to follow the firehose (a relay); default: the account's own service. */
    firehose: z.string().url().optional(),
    /** On the account's first connection, how many hours of mentions and replies to read from the AppView (0: none; default 24). */
    backfillHours: z.number().min(0).max(168).optional(),
  })
  .strict();
export type SocialAccount = Omit<z.output<typeof SocialAccountProfile>, 'appPassword'>;

/** A team login: what PostgreSQL accepts as a role name without quoting, and what the team CLI creates. */
export const TEAM_LOGIN = /^[a-z][a-z0-9_]{0,62}$/;
const TeamLogin = z.string().regex(TEAM_LOGIN, { message: 'must be a team login: a lower-case letter, then letters, digits or _ (at most 63)' });

/** Keyboard shortcuts the deployment changes; the others keep their defaults (contract/shortcuts.ts). */
const ShortcutsProfile = z
  .object({
    answer: ShortcutCombo.optional(),
    decline: ShortcutCombo.optional(),
    hangup: ShortcutCombo.optional(),
    hold: ShortcutCombo.optional(),
    mute: ShortcutCombo.optional(),
    transfer: ShortcutCombo.optional(),
    focusDial: ShortcutCombo.optional(),
  })
  .strict();

/** The whole shortcut table: the profile's choices over the defaults. */
export function shortcutsOf(profile: { readonly shortcuts: z.output<typeof ShortcutsProfile> }): ShortcutBindings {
  const bindings: Record<string, string> = { ...DEFAULT_SHORTCUTS };
  for (const [action, combo] of Object.entries(profile.shortcuts)) if (combo !== undefined) bindings[action] = combo;
  return bindings as ShortcutBindings;
}

export const Profile = z
  .object({
    language: Language.default('en'),
    agent: z
      .object({
        name: z.string().min(1).max(128),
        role: AgentRole.default('agent'),
        /** The agent's team login (their own PostgreSQL role), e.g. "ana". */
        id: TeamLogin.optional(),
      })
      .strict()
      .default({ name: 'Agent', role: 'agent' }),
    sip: SipProfile.optional(),
    social: z.array(SocialAccountProfile).default([]),
    /** The contact centre's wrap-up codes (deployment data, shown as given); empty: the app's translated defaults. */
    wrapUpCodes: z
      .array(z.object({ id: z.string().regex(/^[a-z0-9-]{1,40}$/), label: z.string().min(1).max(80) }).strict())
      .max(50)
      .default([]),
    team: z
      .object({
        roster: z.array(z.object({ name: z.string().min(1).max(128), uri: SipUri }).strict()).default([]),
        /** The team's shared database; without it the desk works alone (Dexie only). */
        database: TeamDatabaseProfile.optional(),
        /** How long wrap-up lasts after a call before the agent is available again (issue 16); default 60 s. */
        wrapUpSeconds: z.number().int().min(0).max(3600).optional(),
        /**
         * How long a desk that vanished without signing out still reads as present (issue 16); default 45 s, renewed every
         * third of it. The database refuses a lease more than 60 s ahead; under 10 s a busy database could drop a live desk.
         */
        presenceLeaseSeconds: z.number().int().min(10).max(60).optional(),
        /** First-response targets per channel, in minutes (issue 16): the inbox timers and the supervisor's queue; default public 30, private 60 (contract/responseTargets.ts). */
        responseTargets: z
          .object({ publicMinutes: z.number().int().min(1).max(10_080), privateMinutes: z.number().int().min(1).max(10_080) })
          .strict()
          .optional(),
      })
      .strict()
      .default({ roster: [] }),
    /** Keyboard shortcuts (`"answer": "Alt+Shift+A"`), each a free, parseable combination used by one action only. */
    shortcuts: ShortcutsProfile.default({}),
    /** Electron: the shortcuts also work while another app has the focus (the OS may refuse one another app holds). */
    globalShortcuts: z.boolean().default(false),
    /**
     * The team's own cue phrases for judging what posts mean, per language ("es": { "problem": ["no me llegó"] }),
     * appended to the shipped lists (renderer/src/social/meaning/cues); see docs/ARCHITECTURE.md, "What a post means".
     */
    cues: CueExtensions.default({}),
  })
  .strict()
  .superRefine((profile, context) => {
    for (const action of duplicateShortcuts(shortcutsOf(profile))) {
      context.addIssue({ code: 'custom', path: ['shortcuts', action], message: 'is already the shortcut of another action' });
    }
    const database = profile.team.database;
    if (database === undefined) return;
    const urlUser = teamUrlUser(database.url);
    const id = profile.agent.id;
    if (id === undefined && urlUser === '') {
      context.addIssue({
        code: 'custom',
        path: ['agent', 'id'],
        message: "is required with team.database (the agent's team login), or name the user in team.database.url",
      });
    } else if (id !== undefined && urlUser !== '' && urlUser !== id) {
      context.addIssue({ code: 'custom', path: ['team', 'database', 'url'], message: 'names another user than agent.id: the desk logs in as the agent' });
    } else if (id === undefined && !TEAM_LOGIN.test(urlUser)) {
      context.addIssue({ code: 'custom', path: ['team', 'database', 'url'], message: 'must name a team login as its user (or set agent.id)' });
    }
  });

export type Profile = z.infer<typeof Profile>;
/** A SIP account as services use it (the password lives in the secret store). */
export type SipAccount = Omit<z.output<typeof SipProfile>, 'password' | 'transfer' | 'extensionPattern'>;

export const profileHoldsSecret = (profile: Profile): boolean =>
  profile.sip?.password !== undefined || profile.social.some((account) => account.appPassword !== undefined) || profile.team.database?.password !== undefined;

/** The team database as services use it: the login resolved, the password left in the secret store. */
export interface TeamDatabase {
  readonly url: string;
  readonly login: string;
  readonly tls: TeamDatabaseProfile['tls'];
  readonly ca?: string | undefined;
}

/** The profile's team database, or undefined for a desk that works alone. */
export function teamDatabaseOf(profile: Profile): TeamDatabase | undefined {
  const database = profile.team.database;
  if (database === undefined) return undefined;
  return { url: database.url, login: profile.agent.id ?? teamUrlUser(database.url), tls: database.tls, ca: database.ca };
}
