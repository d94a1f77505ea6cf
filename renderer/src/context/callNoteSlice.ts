import type { CallInfo } from '@tandem/contract';
import type { CallDraftPatch } from '../customers/callRecords';
import { contextProblemReporter } from './contextProblem';
import type { SliceCreator } from '../store/store';

/** How long typing rests before the call note is written to Dexie. */
export const NOTE_AUTOSAVE_MS = 500;

export interface CallNoteState {
  readonly callId: string;
  readonly text: string;
  readonly wrapUpCode: string | null;
  /** False while a change waits for the autosave. */
  readonly saved: boolean;
  /**
   * The call's draft as this window last read or wrote it. A write sends only what the agent
   * changed here, over this: another window on the same call (both popped it) never writes its
   * untouched note over what was typed in the first, and two typed notes are both kept.
   */
  readonly stored: NoteFields;
}

interface NoteFields {
  readonly text: string;
  readonly wrapUpCode: string | null;
}

/** A call's note as a pop starts it: empty, or the draft a reload (or another window) left behind. */
export const startNote = (callId: string, draft?: NoteFields): CallNoteState => {
  const stored = { text: draft?.text ?? '', wrapUpCode: draft?.wrapUpCode ?? null };
  return { callId, ...stored, saved: true, stored };
};

/** What this window changed since it last read or wrote the draft; nothing when it changed nothing. */
export function notePatch(note: CallNoteState): CallDraftPatch {
  return {
    ...(note.text === note.stored.text ? {} : { text: note.text, textBasis: note.stored.text }),
    ...(note.wrapUpCode === note.stored.wrapUpCode ? {} : { wrapUpCode: note.wrapUpCode }),
  };
}

/** What hang-up did with a call: `panel` when it was the panel's call, `background` for another popped call's draft. */
export type EndedCallRecord = 'unrecorded' | 'panel' | 'background';

/**
 * The panel's call note and wrap-up code: typed text is written to the call's
 * draft after a pause, a wrap-up code at once, and both go into the call's
 * record at hang-up (the panel stays so the agent can finish them).
 */
export interface CallNoteSlice {
  callNote: CallNoteState | null;
  readonly setCallNoteText: (text: string) => void;
  readonly setWrapUpCode: (code: string | null) => Promise<void>;
  /** Writes a pending autosave now (window hiding, panel closing). */
  readonly flushCallNote: () => Promise<void>;
  /**
   * Starts writing a note that waits for its autosave; null when none waits,
   * so a new pop can start its reads in this very task (the usual case).
   */
  readonly saveWaitingCallNote: () => Promise<void> | null;
  /** At hang-up: the call's record gets the note and wrap-up code (the panel's, or a draft's from before a reload). */
  readonly recordEndedCall: (call: CallInfo) => Promise<EndedCallRecord>;
}

export const createCallNoteSlice: SliceCreator<CallNoteSlice> = (deps) => (set, get) => {
  const repo = deps.customers;
  const { guarded } = contextProblemReporter(set);
  let autosave: { readonly timer: ReturnType<typeof setTimeout>; readonly call: CallInfo } | null = null;

  function cancelAutosave(): void {
    if (autosave !== null) clearTimeout(autosave.timer);
    autosave = null;
  }

  /**
   * After `sent` was written and storage answered `stored`: each field the agent left alone
   * meanwhile shows what storage holds (another window's words merged in) and becomes the basis of
   * the next write; typing that went on meanwhile waits for its own autosave, over the old basis.
   */
  const adopt = (callId: string, sent: NoteFields, stored: NoteFields) =>
    set((state) => {
      const note = state.callNote;
      if (note?.callId !== callId) return {};
      const text = note.text === sent.text;
      const code = note.wrapUpCode === sent.wrapUpCode;
      return {
        callNote: {
          ...note,
          ...(text ? { text: stored.text } : {}),
          ...(code ? { wrapUpCode: stored.wrapUpCode } : {}),
          saved: text && code,
          stored: { text: text ? stored.text : note.stored.text, wrapUpCode: code ? stored.wrapUpCode : note.stored.wrapUpCode },
        },
      };
    });

  async function writeNote(call: CallInfo): Promise<void> {
    const note = get().callNote;
    if (!repo || note === null || note.callId !== call.id) return;
    const saved = await guarded('save', () => repo.saveCallDraft(call, notePatch(note)));
    if (saved === undefined) return;
    adopt(call.id, note, saved);
    // After hang-up the note is part of the call's record: the panel's timeline shows it.
    if (saved.finishedAt !== null) await get().reloadContext();
  }

  function saveWaiting(): Promise<void> | null {
    if (autosave === null) return null;
    const { call } = autosave;
    cancelAutosave();
    return writeNote(call);
  }

  return {
    callNote: null,

    setCallNoteText(text) {
      get().commitPendingPop();
      const note = get().callNote;
      const call = get().contextCall;
      if (note === null || call === null) return;
      set({ callNote: { ...note, text, saved: false } });
      cancelAutosave();
      autosave = { call, timer: setTimeout(() => void saveWaiting(), NOTE_AUTOSAVE_MS) };
    },

    async setWrapUpCode(wrapUpCode) {
      get().commitPendingPop();
      const note = get().callNote;
      const call = get().contextCall;
      if (note === null || call === null) return;
      set({ callNote: { ...note, wrapUpCode, saved: false } });
      cancelAutosave();
      await writeNote(call);
    },

    async flushCallNote() {
      get().commitPendingPop();
      await saveWaiting();
    },

    saveWaitingCallNote: saveWaiting,

    async recordEndedCall(call) {
      if (!repo) return 'unrecorded';
      const note = get().callNote;
      const panelCall = note?.callId === call.id;
      if (panelCall && autosave?.call.id === call.id) cancelAutosave();
      const draft = panelCall ? undefined : await guarded('save', () => repo.callDraft(call.id));
      // A call the desk never popped (a consultation leg, one that ended before this window opened) stays in the call log only.
      if (!panelCall && draft === undefined) return 'unrecorded';
      const patch = panelCall && note !== null ? notePatch(note) : {};
      const written = await guarded('save', () => repo.finishCall(call, patch));
      if (written === undefined) return 'unrecorded';
      if (!panelCall || note === null) return 'background';
      adopt(call.id, note, { text: written.summary, wrapUpCode: written.wrapUpCode });
      return 'panel';
    },
  };
};
