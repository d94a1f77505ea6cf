import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { AgentRole, Language } from '@tandem/contract';

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
  })
  .strict();
export type SocialAccount = Omit<z.output<typeof SocialAccountProfile>, 'appPassword'>;

export const Profile = z
  .object({
    language: Language.default('en'),
    agent: z
      .object({ name: z.string().min(1).max(128), role: AgentRole.default('agent') })
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
      .object({ roster: z.array(z.object({ name: z.string().min(1).max(128), uri: SipUri }).strict()).default([]) })
      .strict()
      .default({ roster: [] }),
  })
  .strict();

export type Profile = z.infer<typeof Profile>;
/** A SIP account as services use it (the password lives in the secret store). */
export type SipAccount = Omit<z.output<typeof SipProfile>, 'password' | 'transfer'>;

export const profileHoldsSecret = (profile: Profile): boolean =>
  profile.sip?.password !== undefined || profile.social.some((account) => account.appPassword !== undefined);
