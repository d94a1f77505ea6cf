import type { PrivateStep } from '@tandem/contract';
import { callTandem } from '../../tandemClient';
import type { SliceCreator } from '../../store/store';
import { messageTarget, type MessageTarget, type SocialAuthorRef } from './messageTarget';
import { AUTHOR_CONVERSATIONS_READ } from '../socialStore';

/**
 * "Send a private message" from the call screen (issue 15 item 4): the
 * reverse of "Take offline". During a call with a customer whose social
 * account is verified, the agent writes one private message to that account,
 * and it goes into the case the desk already has with them
 * (`messageTarget.ts`). The text is checked against the brand policy like
 * every text the desk sends (the composer's `checkReply`), and main is asked
 * first whether a private message may go to this author now: when not, the
 * composer says why, in the connector's words, and offers no send.
 *
 * One composer at a time, a small guarded machine:
 *
 * ```txt
 *  (closed) ─open─► checking ─(main answered)─► composing ─"Send privately"─► sending ─(in main's outbox)─► sent
 *                       │                          ▲   │                        │                             │
 *                       └──────── Cancel ──────────┼───┘                        └── a send failed: back, says so
 *                                                  │                                                          │
 *  (closed) ◄────────────────── Cancel / Close ────┴──────────────────────────────────────────────────────────┘
 * ```
 */
export const CALL_MESSAGE_PHASES = ['checking', 'composing', 'sending', 'sent'] as const;
export type CallMessagePhase = (typeof CALL_MESSAGE_PHASES)[number];

const TRANSITIONS: Readonly<Record<CallMessagePhase | 'closed', readonly (CallMessagePhase | 'closed')[]>> = {
  closed: ['checking'],
  checking: ['composing', 'closed'],
  composing: ['sending', 'closed'],
  sending: ['composing', 'sent'],
  sent: ['closed'],
};

export interface CallMessage {
  readonly author: SocialAuthorRef & { readonly handle: string };
  readonly phase: CallMessagePhase;
  /** Where the message goes; null when no account of that network can send private messages. */
  readonly target: MessageTarget | null;
  /** Main's answer; null while checking. */
  readonly step: PrivateStep | null;
  /** The last "Send privately" did not reach main's outbox. */
  readonly failed: boolean;
}

export interface CallMessageSlice {
  callMessage: CallMessage | null;
  readonly openCallMessage: (author: SocialAuthorRef & { readonly handle: string }) => Promise<void>;
  readonly closeCallMessage: () => void;
  /** Hands the message to main's outbox; the text passed the policy check. */
  readonly sendCallMessage: (text: string) => Promise<boolean>;
}

export class IllegalCallMessageTransitionError extends Error {
  constructor(from: string, to: string) {
    super(`illegal call-message transition ${from} → ${to}`);
    this.name = 'IllegalCallMessageTransitionError';
  }
}

const UNAVAILABLE: PrivateStep = { allowed: false, reason: 'unavailable' };

export const createCallMessageSlice: SliceCreator<CallMessageSlice> = (deps) => (set, get) => {
  const move = (to: CallMessagePhase | 'closed', patch: Partial<CallMessage> = {}) => {
    const current = get().callMessage;
    const from = current?.phase ?? 'closed';
    if (!TRANSITIONS[from].includes(to)) throw new IllegalCallMessageTransitionError(from, to);
    if (to === 'closed' || current === null) return set({ callMessage: null });
    set({ callMessage: { ...current, ...patch, phase: to } });
  };

  return {
    callMessage: null,

    async openCallMessage(author) {
      if (get().callMessage !== null) return;
      set({ callMessage: { author, phase: 'checking', target: null, step: null, failed: false } });
      // The author's conversations from their index, closed ones of long ago included (the inbox's memory lets those go).
      const theirs = deps.social ? await deps.social.conversationsOf(author.did, AUTHOR_CONVERSATIONS_READ).catch(() => []) : [];
      if (get().callMessage?.author.did !== author.did || get().callMessage?.phase !== 'checking') return;
      const target = messageTarget(theirs, get().socialConnectors, author);
      const chosen = theirs.find((c) => c.id === target?.conversationId);
      if (chosen !== undefined) get().rememberConversations([chosen]);
      set((state) => (state.callMessage === null ? {} : { callMessage: { ...state.callMessage, target } }));
      // Asked each time (the author's setting can change), never remembered.
      const step =
        target === null
          ? UNAVAILABLE
          : await callTandem(deps.api, (api) =>
              api.getPrivateStep({
                accountId: target.accountId,
                did: author.did,
                lastCustomerMessageAt: target.lastCustomerMessageAt,
                wroteFirst: target.wroteFirst,
              }),
            ).then((result): PrivateStep => (result.ok ? result.value : { allowed: false, reason: 'unknown' }));
      if (get().callMessage?.author.did !== author.did || get().callMessage?.phase !== 'checking') return;
      move('composing', { step });
    },

    closeCallMessage() {
      const phase = get().callMessage?.phase;
      if (phase === undefined || phase === 'sending') return;
      move('closed');
    },

    async sendCallMessage(text) {
      const current = get().callMessage;
      if (current?.phase !== 'composing' || current.step?.allowed !== true || current.target === null) return false;
      const { accountId, conversationId } = current.target;
      move('sending', { failed: false });
      // A team desk: only the agent handling the conversation acts on it.
      const sent =
        conversationId === null
          ? await get().sendNewMessage(accountId, current.author.did, text)
          : (await get().claimBeforeSend(conversationId)) && (await get().sendText(conversationId, 'message', text));
      if (!sent) {
        move('composing', { failed: true });
        return false;
      }
      move('sent');
      if (conversationId !== null) void get().releaseConversation(conversationId);
      return true;
    },
  };
};
