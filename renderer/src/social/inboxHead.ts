/** How many conversations the inbox reads first after a reload, in its own order, before it has them all (socialSlice.ts). */
export const INBOX_HEAD = 60;
