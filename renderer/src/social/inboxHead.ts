/** How many conversations the inbox reads first after a reload, in its own order, before it has them all (socialSlice.ts). */
export const INBOX_HEAD = 60;

/** The conversations' index in the inbox's order (inboxSortKey.ts), which the head is read from. */
export const INBOX_KEY_INDEX = 'inboxKey';
