import type { Conversation } from './socialTables';

/** Customers remembered before the pool starts afresh (an old conversation then keeps its own copies). */
export const SHARED_AUTHORS_LIMIT = 20_000;

/** Fields with a handful of values across every conversation: the network, the brand's accounts, the enumerations. */
const FEW_VALUES = ['network', 'accountId', 'visibility', 'status'] as const;
/** A customer's own fields, the same in each of their conversations, remembered by their DID. */
const AUTHOR = ['authorHandle', 'authorDisplayName', 'authorAvatarUrl'] as const;

type Fields = Record<string, unknown>;

/**
 * One copy of each repeating string for every conversation the page holds. IndexedDB and the
 * bridge hand over fresh copies of every string, so 100 000 conversations held 100 000 copies of
 * the brand's account id and of 'open', and one per conversation of each customer's DID, handle,
 * name and avatar URL (issue 14 item 4: the inbox's memory is mostly its conversations).
 *
 * A string used as a Map key joins V8's table of internalised strings, a root every full
 * garbage collection visits: the social bench's 100 000 conversations put 60 000 there when
 * each author field was its own key. The customer's fields are therefore remembered under their
 * DID alone, and taken from there only while they are equal (a renamed customer's new name
 * replaces the old).
 *
 * Writes in place: the values stay equal (only which copy holds them changes), so no reader can
 * tell, and the conversation keeps its identity and its hidden class.
 */
export function createSharedStrings(limit = SHARED_AUTHORS_LIMIT): (conversation: Conversation) => Conversation {
  const few = new Map<string, string>();
  let authors = new Map<string, Fields>();
  return (conversation) => {
    const fields = conversation as unknown as Fields;
    for (const field of FEW_VALUES) {
      const value = fields[field];
      if (typeof value !== 'string') continue;
      const known = few.get(value);
      // Only the first few hundred values are kept: a field that turns out to vary is not worth a table.
      if (known !== undefined) fields[field] = known;
      else if (few.size < 256) few.set(value, value);
    }
    const did = conversation.authorDid;
    if (did === '') return conversation;
    const known = authors.get(did);
    if (known === undefined || AUTHOR.some((field) => known[field] !== fields[field])) {
      if (authors.size >= limit) authors = new Map();
      authors.set(did, { authorDid: did, ...Object.fromEntries(AUTHOR.map((field) => [field, fields[field]])) });
      return conversation;
    }
    fields['authorDid'] = known['authorDid'];
    for (const field of AUTHOR) if (field in fields) fields[field] = known[field];
    return conversation;
  };
}

/** The page's one pool: every way a conversation enters the store goes through it (socialSlice.ts). */
export const shareStrings = createSharedStrings();
