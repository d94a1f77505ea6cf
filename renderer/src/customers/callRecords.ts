import type Dexie from 'dexie';
import type { CallInfo, Party } from '@tandem/contract';
import { callInteractionId, MAX_NOTE, type CallDraft, type Interaction } from './model';
import type { RepositoryOptions } from './repositoryOptions';
import type { CustomerTables } from './customerTables';
import { mergeNoteText } from './noteMerge';

/**
 * A call's record in the customer history: the draft the agent's notes are
 * autosaved to while the call lives, and at hang-up its interaction and note,
 * written from the draft in the same transaction (`call:${callId}`, so a
 * repeated hang-up or a late wrap-up code rewrites the same rows).
 */
export interface CallRecords {
  callDraft(callId: string): Promise<CallDraft | undefined>;
  /**
   * Autosave: stores what the agent typed for a call. After hang-up (the
   * draft is finished) the call's interaction and note are updated in the
   * same transaction, so a wrap-up code picked late lands on the same row.
   */
  saveCallDraft(call: CallRef, patch: CallDraftPatch): Promise<CallDraft>;
  /**
   * Hang-up: in one transaction writes the call's interaction (with note
   * text and wrap-up code), its note row, and marks the draft finished.
   * `patch` is what the panel holds now (newer than the last autosave).
   * Idempotent: a repeated 'ended' event rewrites the same rows.
   */
  finishCall(call: CallInfo, patch?: CallDraftPatch): Promise<Interaction>;
  /**
   * After a (re)load: drafts of calls that are no longer live and were never
   * finished (the call ended while no window was open) are recorded as
   * finished calls now, and drafts finished more than `DRAFT_RETENTION_MS`
   * ago are dropped (the interaction and note keep the text). Returns how
   * many were finished. Reads the small drafts table only.
   */
  finishAbandonedDrafts(liveCallIds: readonly string[]): Promise<number>;
  /** Links a call (draft, interaction and note) to a customer, e.g. after "Link to existing customer". */
  assignCall(callId: string, customerId: string): Promise<void>;
  /** The calls placed from a social conversation ("Call now" in a case, issue 15), oldest first. */
  conversationCalls(conversationId: string): Promise<Interaction[]>;
  /** Writes interactions as given (importers, the timeline); ids decide what is replaced. */
  putInteractions(interactions: readonly Interaction[]): Promise<void>;
}

/** What a call draft needs of the call. */
export type CallRef = Pick<CallInfo, 'id' | 'direction' | 'startedAt' | 'conversationId'> & { readonly remote: Pick<Party, 'uri'> };

export interface CallDraftPatch {
  readonly text?: string;
  /**
   * The stored text `text` was typed over, as the writing window last read or wrote it: when
   * another window changed it meanwhile, the two are merged rather than one replacing the other
   * (noteMerge.ts). Absent: `text` replaces what is stored.
   */
  readonly textBasis?: string;
  readonly wrapUpCode?: string | null;
  readonly customerId?: string | null;
}

/** How long a finished call's draft is kept so a late wrap-up code still finds it. */
export const DRAFT_RETENTION_MS = 7 * 86_400_000;

/** A call's draft and the two rows written from it. */
export type CallRecordDb = Dexie & Pick<CustomerTables, 'callDrafts' | 'interactions' | 'notes'>;

export function createCallRecords(db: CallRecordDb, options: RepositoryOptions = {}): CallRecords {
  const now = options.now ?? Date.now;

  function textOf(stored: string | undefined, patch: CallDraftPatch): string {
    if (patch.text === undefined) return stored ?? '';
    const text = stored === undefined || patch.textBasis === undefined ? patch.text : mergeNoteText(stored, patch.textBasis, patch.text);
    return text.slice(0, MAX_NOTE);
  }

  function draftFor(call: CallRef, previous: CallDraft | undefined, patch: CallDraftPatch, at: number): CallDraft {
    return {
      callId: call.id,
      direction: call.direction,
      remoteUri: call.remote.uri,
      startedAt: call.startedAt,
      conversationId: call.conversationId ?? previous?.conversationId ?? null,
      customerId: patch.customerId !== undefined ? patch.customerId : (previous?.customerId ?? null),
      text: textOf(previous?.text, patch),
      wrapUpCode: patch.wrapUpCode !== undefined ? patch.wrapUpCode : (previous?.wrapUpCode ?? null),
      updatedAt: at,
      finishedAt: previous?.finishedAt ?? null,
    };
  }

  /** Writes the call's interaction and note from its (finished) draft; inside a caller's transaction. */
  async function writeCallRecord(draft: CallDraft, call: Pick<CallInfo, 'outcome' | 'endedAt'> | null): Promise<Interaction> {
    const id = callInteractionId(draft.callId);
    const previous = await db.interactions.get(id);
    const interaction: Interaction = {
      id,
      customerId: draft.customerId,
      channel: 'call',
      direction: draft.direction,
      at: draft.startedAt,
      summary: draft.text,
      wrapUpCode: draft.wrapUpCode,
      callId: draft.callId,
      conversationId: draft.conversationId ?? previous?.conversationId ?? null,
      uri: draft.remoteUri,
      outcome: call?.outcome ?? previous?.outcome ?? null,
      endedAt: call?.endedAt ?? previous?.endedAt ?? draft.finishedAt,
    };
    await db.interactions.put(interaction);
    if (draft.customerId !== null && draft.text.trim() !== '') {
      await db.notes.put({ id, customerId: draft.customerId, callId: draft.callId, text: draft.text, updatedAt: draft.updatedAt });
    } else {
      await db.notes.delete(id);
    }
    return interaction;
  }

  return {
    callDraft(callId) {
      return db.callDrafts.get(callId);
    },

    saveCallDraft(call, patch) {
      return db.transaction('rw', db.callDrafts, db.interactions, db.notes, async () => {
        const previous = await db.callDrafts.get(call.id);
        const draft = draftFor(call, previous, patch, now());
        await db.callDrafts.put(draft);
        if (draft.finishedAt !== null) await writeCallRecord(draft, null);
        return draft;
      });
    },

    finishCall(call, patch = {}) {
      return db.transaction('rw', db.callDrafts, db.interactions, db.notes, async () => {
        const previous = await db.callDrafts.get(call.id);
        const at = now();
        const draft: CallDraft = { ...draftFor(call, previous, patch, at), finishedAt: previous?.finishedAt ?? call.endedAt ?? at };
        await db.callDrafts.put(draft);
        return writeCallRecord(draft, call);
      });
    },

    finishAbandonedDrafts(liveCallIds) {
      const live = new Set(liveCallIds);
      return db.transaction('rw', db.callDrafts, db.interactions, db.notes, async () => {
        const expired = now() - DRAFT_RETENTION_MS;
        await db.callDrafts.filter((draft) => draft.finishedAt !== null && draft.updatedAt < expired).delete();
        const abandoned = await db.callDrafts.filter((draft) => draft.finishedAt === null && !live.has(draft.callId)).toArray();
        for (const draft of abandoned) {
          const finished: CallDraft = { ...draft, finishedAt: draft.updatedAt };
          await db.callDrafts.put(finished);
          await writeCallRecord(finished, null);
        }
        return abandoned.length;
      });
    },

    assignCall(callId, customerId) {
      return db.transaction('rw', db.callDrafts, db.interactions, db.notes, async () => {
        const draft = await db.callDrafts.get(callId);
        if (draft === undefined) {
          await db.interactions.update(callInteractionId(callId), { customerId });
          return;
        }
        const next: CallDraft = { ...draft, customerId, updatedAt: now() };
        await db.callDrafts.put(next);
        if (next.finishedAt !== null) await writeCallRecord(next, null);
      });
    },

    async conversationCalls(conversationId) {
      const rows = await db.interactions.where('conversationId').equals(conversationId).toArray();
      return rows.filter((row) => row.channel === 'call').sort((a, b) => a.at - b.at);
    },

    async putInteractions(interactions) {
      await db.transaction('rw', db.interactions, () => db.interactions.bulkPut([...interactions]));
    },
  };
}
