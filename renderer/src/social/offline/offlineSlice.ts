import type { PrivateStep, SocialItem } from '@tandem/contract';
import { callTandem } from '../../tandemClient';
import type { SliceCreator } from '../../store/store';
import { isPrivateConversationOf, type CaseCall } from './offlineCase';
import { AUTHOR_CONVERSATIONS_READ } from '../socialStore';
import type { Conversation } from '../socialTables';

/**
 * "Take offline" (issue 15): one confirmation dialog, then the public
 * acknowledgement and the private message in one move; and the case that
 * follows (the author's private messages beside the public thread, "Call
 * now" to the number they sent).
 *
 * The dialog is a small state machine, one dialog at a time:
 *
 * ```txt
 *  (closed) ─open─► checking ─(network answered: may we message privately?)─► confirming
 *                                                                     │  ▲
 *                                                       "Post and send" │  │ a send failed (the dialog stays, says so)
 *                                                                     ▼  │
 *  (closed) ◄──────────────── both went to main's outbox ──────────── sending
 * ```
 *
 * Cancel closes it from checking or confirming. Whether a private message
 * may go is asked of main each time the dialog opens (the author's setting
 * can change), never remembered.
 */
export const OFFLINE_PHASES = ['checking', 'confirming', 'sending'] as const;
export type OfflinePhase = (typeof OFFLINE_PHASES)[number];

const OFFLINE_TRANSITIONS: Readonly<Record<OfflinePhase | 'closed', readonly (OfflinePhase | 'closed')[]>> = {
  closed: ['checking'],
  checking: ['confirming', 'closed'],
  confirming: ['sending', 'closed'],
  sending: ['confirming', 'closed'],
};

export interface OfflineDialog {
  readonly conversationId: string;
  readonly phase: OfflinePhase;
  /** Main's answer; null while checking. */
  readonly step: PrivateStep | null;
  /** The last "Post and send" did not reach main's outbox. */
  readonly failed: boolean;
}

export interface OfflineCaseItems {
  /** The public conversation the case belongs to. */
  readonly conversationId: string;
  /** The author's private conversation on the same account, once there is one. */
  readonly privateConversationId: string | null;
  /**
   * What that conversation looked like when its items were read (`caseReadMark`): any change reads them again.
   * Its `lastItemAt` alone is not enough: a message stamped before our latest one (the customer answered while
   * our message was on its way) only adds to `itemCount`, and the case must still show it.
   */
  readonly loadedMark: string | null;
  readonly privateItems: readonly SocialItem[];
  /** The newest `conversationsVersion` already looked through for a new private conversation. */
  readonly seenVersion: number;
  /** The calls placed from the conversation, from their records (notes and wrap-up codes included), oldest first. */
  readonly calls: readonly CaseCall[];
}

/** The number "Call now" dials, and the private message it came in (the evidence of the account's claim). */
export interface CaseCallTarget {
  readonly e164: string;
  readonly evidenceUri: string;
}

export interface OfflineSlice {
  offlineDialog: OfflineDialog | null;
  offlineCase: OfflineCaseItems | null;
  readonly openTakeOffline: (conversationId: string) => Promise<void>;
  readonly closeTakeOffline: () => void;
  /** Posts the acknowledgement, then (when `privateMessage` is not null) sends the private message; the texts passed the policy check. */
  readonly postAndSend: (texts: { acknowledgement: string; privateMessage: string | null }) => Promise<boolean>;
  /** Reads (or re-reads, when it changed) the open conversation's private side. Called whenever conversations change. */
  readonly refreshOfflineCase: (conversationId: string) => Promise<void>;
  /** Reads the calls placed from the open conversation again (one ended, or its note or wrap-up code changed). */
  readonly refreshCaseCalls: (conversationId: string) => Promise<void>;
  /**
   * Records the number on the author's customer (creating them when unknown) as a number their account
   * claimed (never verified), then dials it from the conversation, so the call's record points to it.
   */
  readonly callNow: (target: CaseCallTarget) => Promise<void>;
}

export class IllegalOfflineTransitionError extends Error {
  constructor(from: string, to: string) {
    super(`illegal take-offline transition ${from} → ${to}`);
    this.name = 'IllegalOfflineTransitionError';
  }
}

/** What a private conversation's read depends on: its newest item and how many it has. */
const caseReadMark = (conversation: Conversation | undefined): string | null =>
  conversation === undefined ? null : `${conversation.lastItemAt}/${conversation.itemCount}`;

export const createOfflineSlice: SliceCreator<OfflineSlice> = (deps) => (set, get) => {
  const move = (to: OfflinePhase | 'closed', patch: Partial<OfflineDialog> = {}) => {
    const dialog = get().offlineDialog;
    const from = dialog?.phase ?? 'closed';
    if (!OFFLINE_TRANSITIONS[from].includes(to)) throw new IllegalOfflineTransitionError(from, to);
    if (to === 'closed') return set({ offlineDialog: null });
    set({ offlineDialog: { conversationId: dialog?.conversationId ?? '', step: null, failed: false, ...dialog, ...patch, phase: to } });
  };

  /**
   * The author's private conversation on the case's account: one indexed read of their conversations (a scan
   * of the inbox's memory took milliseconds at 100 000, and misses one that closed over a week ago).
   */
  const privateConversationOf = async (conversationId: string): Promise<string | null> => {
    const conversation = get().conversations.get(conversationId);
    if (conversation === undefined || !deps.social) return null;
    const found = (await deps.social.conversationsOf(conversation.authorDid, AUTHOR_CONVERSATIONS_READ)).find((candidate) =>
      isPrivateConversationOf(conversation, candidate),
    );
    if (found === undefined) return null;
    get().rememberConversations([found]);
    return found.id;
  };

  /** Counts the case's private reads, so only the latest one started is shown. */
  let caseReads = 0;

  return {
    offlineDialog: null,
    offlineCase: null,

    async openTakeOffline(conversationId) {
      const conversation = get().conversations.get(conversationId);
      if (conversation === undefined || conversation.visibility !== 'public' || get().offlineDialog !== null) return;
      set({ offlineDialog: { conversationId, phase: 'checking', step: null, failed: false } });
      const privateId = await privateConversationOf(conversationId).catch(() => null);
      const privateItems = privateId === null || !deps.social ? [] : await deps.social.thread(privateId).catch(() => []);
      const theirs = privateItems.filter((item) => item.kind === 'message' && item.author.did === conversation.authorDid);
      const result = await callTandem(deps.api, (api) =>
        api.getPrivateStep({
          accountId: conversation.accountId,
          did: conversation.authorDid,
          lastCustomerMessageAt: Math.max(conversation.lastItemAt, ...theirs.map((item) => item.createdAt)),
          wroteFirst: theirs.length > 0,
        }),
      );
      if (get().offlineDialog?.conversationId !== conversationId) return;
      // Main could not be asked: the dialog explains it and offers the public invitation; nothing private is tried.
      move('confirming', { step: result.ok ? result.value : { allowed: false, reason: 'unknown' } });
    },

    closeTakeOffline() {
      if (get().offlineDialog?.phase === 'sending') return;
      if (get().offlineDialog !== null) move('closed');
    },

    async postAndSend({ acknowledgement, privateMessage }) {
      const dialog = get().offlineDialog;
      if (dialog?.phase !== 'confirming') return false;
      const sendPrivately = privateMessage !== null && dialog.step?.allowed === true;
      move('sending', { failed: false });
      const { conversationId } = dialog;
      // A team desk: only the agent handling the conversation acts on it.
      if (!(await get().claimBeforeSend(conversationId))) {
        move('confirming', { failed: true });
        return false;
      }
      const posted = await get().sendText(conversationId, 'reply', acknowledgement);
      const sent = posted && (!sendPrivately || (await get().sendText(conversationId, 'message', privateMessage)));
      if (!sent) {
        move('confirming', { failed: true });
        return false;
      }
      move('closed');
      if (get().conversations.get(conversationId)?.status === 'new') await get().setConversationStatus(conversationId, 'open');
      // The claim is kept, unlike after a reply: the agent who took it offline handles the case (the customer's
      // number, the call, the closing note), and the team reads "Handled by" them (issue 15 item 2).
      return true;
    },

    async refreshOfflineCase(conversationId) {
      const version = get().conversationsVersion;
      let current = get().offlineCase;
      if (current?.conversationId !== conversationId) {
        set({ offlineCase: { conversationId, privateConversationId: null, loadedMark: null, privateItems: [], seenVersion: version, calls: [] } });
        void get().refreshCaseCalls(conversationId);
        const privateConversationId = await privateConversationOf(conversationId).catch(() => null);
        // Another case opened meanwhile; or a refresh since found the private conversation among the changes.
        const latest = get().offlineCase;
        if (latest?.conversationId !== conversationId) return;
        current = latest.privateConversationId === null ? { ...latest, privateConversationId } : latest;
        set({ offlineCase: current });
      } else if (current.privateConversationId === null) {
        // Only the conversations changed since the last look can be the new private one.
        const conversation = get().conversations.get(conversationId);
        const changed = get()
          .conversationChanges.filter((change) => change.version > current!.seenVersion)
          .flatMap((change) => change.ids);
        const found =
          conversation === undefined
            ? undefined
            : changed.map((id) => get().conversations.get(id)).find((c) => c !== undefined && isPrivateConversationOf(conversation, c));
        current = { ...current, privateConversationId: found?.id ?? null, seenVersion: version };
        set({ offlineCase: current });
      }
      const privateId = current.privateConversationId;
      const mark = privateId === null ? null : caseReadMark(get().conversations.get(privateId));
      if (privateId === null || mark === current.loadedMark || !deps.social) return;
      const read = ++caseReads;
      const items = await deps.social.thread(privateId);
      const latest = get().offlineCase;
      // A read started later (the conversation changed again meanwhile) may have finished first: it is the newer.
      if (latest?.conversationId !== conversationId || read !== caseReads) return;
      set({ offlineCase: { ...latest, loadedMark: mark, privateItems: items } });
    },

    async refreshCaseCalls(conversationId) {
      if (!deps.customers) return;
      const calls = await deps.customers.conversationCalls(conversationId).catch(() => null);
      const current = get().offlineCase;
      if (calls === null || current?.conversationId !== conversationId) return;
      set({ offlineCase: { ...current, calls } });
    },

    async callNow({ e164, evidenceUri }) {
      const conversationId = get().conversationAuthor?.conversationId ?? '';
      // A team desk: only the agent handling the case calls from it (claims it, or renews their lease).
      if (conversationId !== '' && !(await get().claimBeforeSend(conversationId))) return;
      const conversation = get().conversations.get(conversationId);
      const author = get().conversationAuthor;
      if (author?.status === 'unknown') await get().createCustomerForAuthor();
      const customer = get().conversationAuthor?.customer;
      // The author sent it from their account for this call back: the customer's number, as the account holder
      // gave it. That proves who sent it, not who owns the line: the number is recorded unverified and the
      // account's link carries the claim and its message (docs/ARCHITECTURE.md, "Take it offline").
      if (customer != null && !get().conversationAuthor?.numbers.some((n) => n.value === e164))
        await deps.customers?.addIdentity(customer.id, 'phone', e164, get().settings?.sip?.defaultRegion ?? 'ZZ').catch(() => undefined);
      if (customer != null && conversation !== undefined) {
        await get().identityClaimed({
          network: conversation.network,
          handle: conversation.authorHandle,
          did: conversation.authorDid,
          phone: e164,
          evidenceUri,
          at: Date.now(),
        });
        // The message's claim found no customer when it arrived; it has one now.
        get().dismissUnlinkedProof(evidenceUri);
      }
      await get().callAuthor(e164);
    },
  };
};
