import type { Logger } from '../../log/logger';
import { TimerSlot, type Clock } from '../../time/clock';
import type { FollowBatch, IncomingItem, StopFollowing } from '../connector';
import type { ChatBskyConvoDefs, ChatClient } from './chat';

/**
 * Reading the chat service's log (`chat.bsky.convo.getLog`): every message
 * the brand sent or received, in the service's order, after a cursor. A solo
 * desk polls it into its own journal (blueskyConnector.ts); in a team the
 * elected chat ingester follows it with {@link followChatLog} into the team
 * database, so every desk shows each message once (issue 11).
 */

/** Turns one logged message into the desk's item (the connector knows the brand and the authors). */
export type MessageToItem = (convoId: string, message: ChatBskyConvoDefs.MessageView) => Promise<IncomingItem>;

export interface ChatLogPage {
  readonly items: IncomingItem[];
  /** Where the next read starts; null when the service has no position yet (nothing was ever sent). */
  readonly cursor: string | null;
  /** Whether the page had entries: an empty page means the log was read to its end. */
  readonly more: boolean;
}

/** How many pages one poll reads before it lets the timer run again. */
export const CHAT_LOG_PAGES = 20;

export async function readChatLogPage(chat: ChatClient, cursor: string | null, toItem: MessageToItem): Promise<ChatLogPage> {
  const response = await chat.convo.getLog(cursor === null ? {} : { cursor });
  const items: IncomingItem[] = [];
  for (const log of response.data.logs) {
    if (log.$type !== 'chat.bsky.convo.defs#logCreateMessage') continue;
    const entry = log as ChatBskyConvoDefs.LogCreateMessage;
    if (entry.message.$type !== 'chat.bsky.convo.defs#messageView') continue;
    items.push(await toItem(entry.convoId, entry.message as ChatBskyConvoDefs.MessageView));
  }
  return { items, cursor: response.data.cursor ?? cursor, more: response.data.logs.length > 0 };
}

/**
 * A solo desk's poll: reads up to {@link CHAT_LOG_PAGES} pages from the stored
 * cursor, delivering each page's items before it stores the page's cursor
 * (at-least-once: the journal drops a URI it holds).
 */
export async function pollChatLogPages(
  chat: ChatClient,
  cursors: { readonly chatCursor: string | null; setChatCursor(cursor: string): Promise<void> },
  toItem: MessageToItem,
  deliver: (items: IncomingItem[]) => Promise<void>,
): Promise<void> {
  for (let page = 0; page < CHAT_LOG_PAGES; page += 1) {
    const read = await readChatLogPage(chat, cursors.chatCursor, toItem);
    if (read.items.length > 0) await deliver(read.items);
    if (read.cursor === null || read.cursor === cursors.chatCursor) return;
    await cursors.setChatCursor(read.cursor);
    if (!read.more) return;
  }
}

export interface ChatLogFollowerOptions {
  readonly chat: ChatClient;
  readonly cursor: string | null;
  /** Resolves once the connector is logged in (it knows the brand's DID and can sign chat tokens). */
  readonly ready: Promise<void>;
  readonly toItem: MessageToItem;
  readonly onBatch: (batch: FollowBatch) => Promise<void>;
  readonly log: Logger;
  readonly clock: Clock;
  readonly pollMs: number;
}

/**
 * The chat log as the team ingester's source (`ChannelConnector.followChat`).
 * The chat API has no push stream, so it is polled every `pollMs`: each page
 * that moves the cursor is one batch, handed over only after the previous one
 * settled; the ingester writes its items and the cursor in one transaction.
 * A failed read is logged and tried again at the next poll from the same
 * cursor. A rejected `onBatch` means this desk no longer leads: nothing more
 * is read.
 */
export function followChatLog(options: ChatLogFollowerOptions): StopFollowing {
  const timer = new TimerSlot(options.clock);
  let cursor = options.cursor;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  const poll = async (): Promise<void> => {
    for (let page = 0; page < CHAT_LOG_PAGES && !stopped; page += 1) {
      let read: ChatLogPage;
      try {
        read = await readChatLogPage(options.chat, cursor, options.toItem);
      } catch (error: unknown) {
        options.log.warn('bluesky: the chat ingester could not read the chat log', { error: String(error) });
        return;
      }
      if (stopped || read.cursor === null || (read.cursor === cursor && read.items.length === 0)) return;
      try {
        await options.onBatch({ items: read.items, cursor: read.cursor });
      } catch {
        stopped = true;
        return;
      }
      cursor = read.cursor;
      if (!read.more) return;
    }
  };

  const tick = (): void => {
    if (stopped) return;
    running = poll().finally(() => {
      if (!stopped) timer.arm(options.pollMs, tick);
    });
  };

  void options.ready.then(tick);
  return async () => {
    stopped = true;
    timer.cancel();
    await running.catch(() => undefined);
  };
}
