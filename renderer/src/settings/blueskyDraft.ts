/** What the agent types in "Connect Bluesky", and how it becomes the contract's SocialAccountInput. */
export const BLUESKY_FIELDS = ['handle', 'service', 'appPassword', 'chatUrl', 'chatDid'] as const;
export type BlueskyField = (typeof BLUESKY_FIELDS)[number];
export type BlueskyDraft = Record<BlueskyField, string>;

/** Where most brand accounts live; a team on its own PDS types its address. */
export const DEFAULT_BLUESKY_SERVICE = 'https://bsky.social';

/** The draft as the contract wants it: trimmed, a leading @ dropped, the chat service only when both halves are given. */
export function blueskyCandidate(draft: BlueskyDraft): Record<string, unknown> {
  const chatUrl = draft.chatUrl.trim();
  const chatDid = draft.chatDid.trim();
  return {
    network: 'bluesky',
    service: draft.service.trim(),
    handle: draft.handle.trim().replace(/^@/, ''),
    appPassword: draft.appPassword,
    ...(chatUrl === '' && chatDid === '' ? {} : { chatService: { url: chatUrl, did: chatDid } }),
  };
}

/** The fields to mark: the schema's issues by field, and a chat service given by halves. */
export function invalidBlueskyFields(draft: BlueskyDraft, issues: readonly { readonly path: readonly PropertyKey[] }[]): Set<BlueskyField> {
  const wrong = new Set<BlueskyField>();
  for (const issue of issues) {
    const [top] = issue.path;
    if (top === 'chatService') wrong.add('chatUrl');
    else if (top === 'handle' || top === 'service' || top === 'appPassword') wrong.add(top);
  }
  if ((draft.chatUrl.trim() === '') !== (draft.chatDid.trim() === '')) wrong.add('chatUrl');
  return wrong;
}
