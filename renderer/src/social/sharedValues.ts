import type { Conversation } from './socialTables';
import type { PolarityWord } from './meaning/polarity';

/** Customers remembered before the pool starts afresh (an old conversation then keeps its own copies). */
export const SHARED_AUTHORS_LIMIT = 20_000;
/** Sentiment words remembered: a lexicon's worth; past it, a word keeps its own entry. */
export const SHARED_WORDS_LIMIT = 4_096;

/** Fields with a handful of values across every conversation: the network, the brand's accounts, the enumerations. */
const FEW_VALUES = ['network', 'accountId', 'visibility', 'status'] as const;
/** A customer's own fields, the same in each of their conversations, remembered by their DID. */
const AUTHOR = ['authorHandle', 'authorDisplayName', 'authorAvatarUrl'] as const;
/** The one empty list every conversation without sentiment words, reasons or cues points to. */
const NONE: readonly never[] = Object.freeze([]);

type Fields = Record<string, unknown>;

/**
 * One copy of each repeating value for every conversation the page holds. IndexedDB and the
 * bridge hand over fresh copies of everything, so 100 000 conversations held 100 000 copies of
 * the brand's account id and of 'open', one per conversation of each customer's DID, handle,
 * name and avatar URL, of each sentiment word, and an empty list for every judgement that found
 * no reason (issue 14 item 4: the inbox's memory is mostly its conversations; and every object
 * kept is one more that each full garbage collection marks and moves, item 2).
 *
 * A string used as a Map key joins V8's table of internalised strings, a root every full
 * garbage collection visits: the social bench's 100 000 conversations put 60 000 there when
 * each author field was its own key. The customer's fields are therefore remembered under their
 * DID alone, and taken from there only while they are equal (a renamed customer's new name
 * replaces the old). Sentiment words are keyed by the word, a lexicon's few thousand.
 *
 * The page does not keep `inboxKey`: it is IndexedDB's copy of the order, and the store
 * computes it afresh from the conversation on every write (inboxSortKey.ts).
 *
 * Writes in place: the values stay equal (only which copy holds them changes), so no reader can
 * tell, and the conversation keeps its identity and its hidden class.
 */
export function createSharedValues(limit = SHARED_AUTHORS_LIMIT): (conversation: Conversation) => Conversation {
  const few = new Map<string, string>();
  const words = new Map<string, PolarityWord>();
  let authors = new Map<string, Fields>();

  /** The same list with each entry the pool's (in place: the list is this conversation's own copy), or the one empty list. */
  const sharedWords = (list: readonly PolarityWord[]): readonly PolarityWord[] => {
    if (list.length === 0) return NONE;
    const entries = list as PolarityWord[];
    entries.forEach((entry, i) => {
      const known = words.get(entry.word);
      if (known === undefined) {
        if (words.size < SHARED_WORDS_LIMIT) words.set(entry.word, Object.freeze({ word: entry.word, score: entry.score }));
      } else if (known !== entry && known.score === entry.score) entries[i] = known;
    });
    return list;
  };

  /** The judgement's empty lists shared; its sentiment words (the conversation's own list, or a copy) shared as above. */
  const shareMeaning = (meaning: Fields) => {
    for (const field of ['reasons', 'escalation'] as const) {
      const list = meaning[field];
      if (Array.isArray(list) && list.length === 0) meaning[field] = NONE;
    }
    const polarity = meaning['polarity'] as Fields | undefined;
    if (polarity !== undefined && Array.isArray(polarity['words'])) polarity['words'] = sharedWords(polarity['words'] as PolarityWord[]);
  };

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
    // A public conversation replies to its root post, whose URI is its id.
    if (conversation.replyToUri !== null && conversation.replyToUri === conversation.id) fields['replyToUri'] = conversation.id;
    if (conversation.inboxKey !== undefined) fields['inboxKey'] = undefined;
    fields['sentimentWords'] = sharedWords(conversation.sentimentWords);
    if (conversation.meaning !== undefined) shareMeaning(conversation.meaning as unknown as Fields);

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
export const shareValues = createSharedValues();
