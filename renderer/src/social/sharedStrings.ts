import type { Conversation } from './socialTables';

/** Distinct strings remembered before the pool starts afresh (an old conversation then keeps its own copy). */
export const SHARED_STRINGS_LIMIT = 50_000;

/** The fields whose values repeat across conversations: the brand's accounts, the enumerations, a customer's name. */
const REPEATING = ['network', 'accountId', 'visibility', 'status', 'authorDid', 'authorHandle', 'authorDisplayName', 'authorAvatarUrl'] as const;

/**
 * One copy of each repeating string for every conversation the page holds. IndexedDB and the
 * bridge hand over fresh copies of every string, so 100 000 conversations held 100 000 copies of
 * the brand's account id and of 'open', and one per conversation of each customer's DID, handle,
 * name and avatar URL (issue 14 item 4: the inbox's memory is mostly its conversations).
 *
 * Writes in place: the value stays equal (only which copy holds it changes), so no reader can
 * tell, and the conversation keeps its identity and its hidden class.
 */
export function createSharedStrings(limit = SHARED_STRINGS_LIMIT): (conversation: Conversation) => Conversation {
  let pool = new Map<string, string>();
  const shared = (value: string): string => {
    const known = pool.get(value);
    if (known !== undefined) return known;
    if (pool.size >= limit) pool = new Map();
    pool.set(value, value);
    return value;
  };
  return (conversation) => {
    const fields = conversation as unknown as Record<string, unknown>;
    for (const field of REPEATING) {
      const value = fields[field];
      if (typeof value === 'string') fields[field] = shared(value);
    }
    return conversation;
  };
}

/** The page's one pool: every way a conversation enters the store goes through it (socialSlice.ts). */
export const shareStrings = createSharedStrings();
