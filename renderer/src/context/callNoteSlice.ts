import type { CallInfo } from '@tandem/contract';
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
}

/** A call's note as a pop starts it: empty, or the draft a reload left behind. */
export const startNote = (callId: string, draft?: { readonly text: string; readonly wrapUpCode: string | null }): CallNoteState => ({
  callId,
  text: draft?.text ?? '',
  wrapUpCode: draft?.wrapUpCode ?? null,
  saved: true,
});

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

  const markSaved = (callId: string, text?: string) =>
    set((state) =>
      state.callNote?.callId === callId && (text === undefined || state.callNote.text === text) ? { callNote: { ...state.callNote, saved: true } } : {},
    );

  async function writeNote(call: CallInfo): Promise<void> {
    const note = get().callNote;
    if (!repo || note === null || note.callId !== call.id) return;
    const saved = await guarded('save', () => repo.saveCallDraft(call, { text: note.text, wrapUpCode: note.wrapUpCode }));
    if (saved === undefined) return;
    // Typing that went on while it was written waits for its own autosave.
    markSaved(call.id, saved.text);
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
      const patch = panelCall && note !== null ? { text: note.text, wrapUpCode: note.wrapUpCode } : {};
      const written = await guarded('save', () => repo.finishCall(call, patch));
      if (written === undefined) return 'unrecorded';
      if (!panelCall) return 'background';
      markSaved(call.id);
      return 'panel';
    },
  };
};
