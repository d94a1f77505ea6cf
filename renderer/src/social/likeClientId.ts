/**
 * The idempotency key of the brand's like of one post: derived from the
 * account and the post's URI instead of drawn at random, so every click on
 * that post — a double click, a retry, a click after a reload or from another
 * window — is the same send, and main's outbox never likes it twice. SHA-256,
 * so a customer choosing a record key cannot aim at another post's like;
 * 32 base64url characters (192 bits) fit the contract's `[A-Za-z0-9_-]{8,64}`.
 */
export async function likeClientId(accountId: string, postUri: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`like\u0000${accountId}\u0000${postUri}`));
  let binary = '';
  for (const byte of new Uint8Array(digest)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').slice(0, 32);
}
