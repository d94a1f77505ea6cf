import type { ContractError, OutboxEntry, Result, SocialItem } from '@tandem/contract';
import type { Conversation, SocialDraft, SocialSend } from './socialTables';
import { newClientId } from './clientId';
import { createDraftSaver } from './draftSaver';
import { likeClientId } from './likeClientId';
import { settledSends } from './settledSends';
import { callTandem } from '../tandemClient';
import type { SliceCreator } from '../store/store';

export type ReplyMode = 'public' | 'private';

/** A like this desk handed (or tried to hand) to main's outbox. */
export interface LikeRequest {
  /** Derived from the post (see likeClientId.ts): the same for every click on it. */
  readonly clientId: string;
  /** Main would not take it (not connected, no like on this network): the button offers it again. */
  readonly refused: ContractError | null;
}

export interface ComposerSlice {
  /** One draft per conversation, each with the idempotency key its send will use. */
  drafts: Readonly<Record<string, SocialDraft>>;
  /** What this desk submitted, per conversation, oldest first. */
  sends: Readonly<Record<string, readonly SocialSend[]>>;
  /** Reads a conversation's draft and sends from Dexie (or starts a fresh draft). */
  readonly loadComposer: (conversationId: string) => Promise<void>;
  /** Changes a draft in the store at once; Dexie gets it when the page is idle (draftSaver.ts). */
  readonly setDraft: (conversationId: string, patch: { text?: string; mode?: ReplyMode }) => void;
  /** Writes the drafts that wait for an idle slot now: the reply box lost the focus, the page goes away. */
  readonly flushDrafts: () => Promise<void>;
  /**
   * Hands the draft to main's outbox. The send is written to Dexie first and
   * the draft keeps its clientId until main accepts it, so pressing Send again
   * after a failure (or a crash) can never post twice. Policy checks are the
   * composer's job and must have passed before this is called.
   */
  readonly submitDraft: (conversationId: string) => Promise<boolean>;
  /**
   * Sends a text that is not the composer's draft ("Take offline" posts an
   * acknowledgement and a private message in one move): a public reply in
   * the conversation's thread, or a private message to its author, through
   * the same Dexie-first path as a draft. Policy checks are the caller's.
   */
  readonly sendText: (conversationId: string, kind: 'reply' | 'message', text: string) => Promise<boolean>;
  /**
   * A private message to an author the desk has no conversation with yet
   * ("Send a private message" from a call): the network opens the
   * conversation. Same Dexie-first path; recorded under `message:<did>`,
   * the name main's team outbox gives such a send too. Policy checks are the
   * caller's.
   */
  readonly sendNewMessage: (accountId: string, toDid: string, text: string) => Promise<boolean>;
  /** Sends a failed reply again, with the same clientId and text. */
  readonly retrySend: (clientId: string) => Promise<void>;
  /** Main reported an outbox entry: if it was a draft still waiting, it went out; start a new one. */
  readonly draftAccepted: (clientId: string) => void;
  /** Likes asked for from this window, by post URI; their state is main's outbox entry for the clientId. */
  likes: Readonly<Record<string, LikeRequest>>;
  /**
   * Hands the brand's like of a customer's public post to main's outbox. Any
   * number of calls for one post are one like: the clientId is derived from
   * the post, and a like main already has (pending or sent) is not asked again.
   */
  readonly likePost: (item: SocialItem) => Promise<void>;
  /** Lets go of the sent replies and messages an earlier pass saw sent (settledSends.ts), but not those of a conversation `inUse`. */
  readonly forgetSettledSends: (inUse: (conversationId: string) => boolean) => void;
}

const freshDraft = (conversation: Conversation | undefined, conversationId: string): SocialDraft => ({
  conversationId,
  text: '',
  clientId: newClientId(),
  mode: conversation?.visibility ?? 'public',
});

const STORAGE_ERROR = { code: 'internal', messageKey: 'errors.internal' } as const;

export const createComposerSlice: SliceCreator<ComposerSlice> = (deps) => (set, get) => {
  const drafts = createDraftSaver(async (draft) => {
    try {
      await deps.social?.saveDraft(draft);
    } catch {
      get().reportSocialProblem('storage', STORAGE_ERROR);
    }
  });
  const persist = (draft: SocialDraft) => drafts.save(draft);

  const deliver = (send: SocialSend): Promise<Result<OutboxEntry>> =>
    callTandem(deps.api, (api) =>
      send.kind === 'reply'
        ? api.replyPublicly({ accountId: send.accountId, clientId: send.clientId, parentUri: send.parentUri ?? '', text: send.text })
        : api.sendPrivateMessage({ accountId: send.accountId, clientId: send.clientId, toDid: send.toDid ?? '', text: send.text }),
    );

  const addSend = (send: SocialSend) =>
    set((state) => {
      const list = (state.sends[send.conversationId] ?? []).filter((s) => s.clientId !== send.clientId);
      return { sends: { ...state.sends, [send.conversationId]: [...list, send] } };
    });

  /** Records the send in Dexie first (a crash cannot lose or double it), then hands it to main's outbox. */
  const submit = async (
    conversation: Pick<Conversation, 'id' | 'accountId' | 'authorDid' | 'replyToUri'>,
    kind: SocialSend['kind'],
    text: string,
    clientId: string,
  ): Promise<boolean> => {
    const isReply = kind === 'reply';
    if (isReply && conversation.replyToUri === null) return false;
    const send: SocialSend = {
      clientId,
      conversationId: conversation.id,
      accountId: conversation.accountId,
      kind,
      parentUri: isReply ? conversation.replyToUri : null,
      toDid: isReply ? null : conversation.authorDid,
      text,
      createdAt: deps.now?.() ?? Date.now(),
    };
    try {
      await deps.social?.recordSend(send);
    } catch {
      get().reportSocialProblem('storage', STORAGE_ERROR);
      return false;
    }
    addSend(send);
    const result = await deliver(send);
    if (!result.ok) {
      get().reportSocialProblem('send', result.error);
      return false;
    }
    get().outboxChanged(result.value);
    return true;
  };

  // Posts whose like request is out: a double click's second click waits for the first answer instead of asking again.
  const liking = new Set<string>();
  const setLike = (uri: string, request: LikeRequest) => set((state) => ({ likes: { ...state.likes, [uri]: request } }));
  /** The sent replies and messages the last `forgetSettledSends` saw and kept. */
  let sentAtLastPass: ReadonlySet<string> = new Set();

  return {
    drafts: {},
    sends: {},
    likes: {},

    async loadComposer(conversationId) {
      const conversation = get().conversations.get(conversationId);
      try {
        const [draft, sends] = deps.social ? await Promise.all([deps.social.draft(conversationId), deps.social.sends(conversationId)]) : [undefined, []];
        set((state) => ({
          // A draft typed while Dexie answered wins over the stored one.
          drafts: { ...state.drafts, [conversationId]: state.drafts[conversationId] ?? draft ?? freshDraft(conversation, conversationId) },
          sends: { ...state.sends, [conversationId]: sends },
        }));
      } catch {
        get().reportSocialProblem('storage', STORAGE_ERROR);
      }
    },

    setDraft(conversationId, patch) {
      const current = get().drafts[conversationId] ?? freshDraft(get().conversations.get(conversationId), conversationId);
      const draft = { ...current, ...patch };
      set((state) => ({ drafts: { ...state.drafts, [conversationId]: draft } }));
      persist(draft);
    },

    flushDrafts: () => drafts.flush(),

    async submitDraft(conversationId) {
      const conversation = get().conversations.get(conversationId);
      const draft = get().drafts[conversationId];
      if (conversation === undefined || draft === undefined) return false;
      // Stored before it goes: a reload after a crash finds the draft with the clientId main already has.
      await drafts.flush();
      return submit(conversation, draft.mode === 'public' ? 'reply' : 'message', draft.text, draft.clientId);
    },

    sendText(conversationId, kind, text) {
      const conversation = get().conversations.get(conversationId);
      if (conversation === undefined) return Promise.resolve(false);
      return submit(conversation, kind, text, newClientId());
    },

    sendNewMessage(accountId, toDid, text) {
      return submit({ id: `message:${toDid}`, accountId, authorDid: toDid, replyToUri: null }, 'message', text, newClientId());
    },

    async retrySend(clientId) {
      const send = Object.values(get().sends)
        .flat()
        .find((s) => s.clientId === clientId);
      if (send === undefined) return;
      const result = await deliver(send);
      if (!result.ok) return get().reportSocialProblem('send', result.error);
      get().outboxChanged(result.value);
    },

    draftAccepted(clientId) {
      const draft = Object.values(get().drafts).find((d) => d.clientId === clientId);
      if (draft === undefined) return;
      const next = freshDraft(get().conversations.get(draft.conversationId), draft.conversationId);
      set((state) => ({ drafts: { ...state.drafts, [draft.conversationId]: { ...next, mode: draft.mode } } }));
      persist({ ...next, mode: draft.mode });
    },

    async likePost(item) {
      const { cid, uri, accountId } = item;
      if (item.visibility !== 'public' || cid === null || liking.has(uri)) return;
      liking.add(uri);
      try {
        const clientId = get().likes[uri]?.clientId ?? (await likeClientId(accountId, uri));
        setLike(uri, { clientId, refused: null });
        const known = get().socialOutbox[clientId];
        if (known !== undefined && known.state !== 'failed') return;
        const result = await callTandem(deps.api, (api) => api.like({ accountId, clientId, uri, cid }));
        if (!result.ok) return setLike(uri, { clientId, refused: result.error });
        get().outboxChanged(result.value);
      } finally {
        liking.delete(uri);
      }
    },

    forgetSettledSends(inUse) {
      const { patch, seen } = settledSends(get(), sentAtLastPass, inUse);
      sentAtLastPass = seen;
      if (patch !== null) set(patch);
    },
  };
};
