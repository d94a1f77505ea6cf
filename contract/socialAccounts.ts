import * as z from 'zod';

/**
 * Social accounts set up in the app (issue 12, first run): the agent types a
 * handle, the service, an app password and, for private messages, the chat
 * service. Main logs in with them before it keeps anything, so "added" means
 * the service said yes. The app password goes to main's secret store, bound to
 * network + service + handle, and never comes back.
 */
/** A domain name of two labels or more, each 1–63 letters, digits or inner hyphens (what a Bluesky handle is). */
function isHandle(value: string): boolean {
  const labels = value.split('.');
  return labels.length >= 2 && labels.every((label) => /^[A-Za-z0-9-]{1,63}$/.test(label) && !label.startsWith('-') && !label.endsWith('-'));
}

const HttpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).max(512);

export const SocialAccountInput = z
  .object({
    network: z.literal('bluesky'),
    service: HttpUrl,
    /** A Bluesky handle (a domain name), without the leading @. */
    handle: z.string().min(3).max(253).refine(isHandle, { message: 'must be a handle such as brand.bsky.social' }),
    appPassword: z.string().min(1).max(256),
    /** Private messages: the chat service to talk to directly (never proxied through the PDS). */
    chatService: z
      .object({ url: HttpUrl, did: z.string().startsWith('did:').max(256) })
      .strict()
      .optional(),
  })
  .strict();
export type SocialAccountInput = z.infer<typeof SocialAccountInput>;

export const SocialAccountRef = z.object({ accountId: z.string().min(1).max(300) }).strict();

/** A phone-only seat hides the social column; the choice persists. */
export const SocialColumn = z.enum(['shown', 'hidden']);
export type SocialColumn = z.infer<typeof SocialColumn>;
