import type { CallInfo, TandemApi, Unsubscribe } from '@tandem/contract';
import { latestPerFrame } from '../dom/latestPerFrame';
import { runShortcut } from '../shortcuts/runShortcut';
import type { SoftphoneLoad } from '../softphone/softphoneSlice';
import { NO_BRIDGE } from '../tandemClient';
import type { TandemStore } from './store';

export interface BindOptions {
  /** Called with the calls of the startup snapshot (the ringtone resyncs from it after a reload). */
  readonly onSoftphoneSnapshot?: (calls: readonly CallInfo[]) => void;
  /**
   * Runs each read of main's softphone state, startup's and every reconnect's: the page's media engine
   * (`MediaEngine.reconcile`) then releases the media of the calls main no longer holds. Default: just the read.
   */
  readonly readSoftphone?: (read: () => Promise<SoftphoneLoad | null>) => Promise<SoftphoneLoad | null>;
  /**
   * Runs on every reconnect, before main is read again (never for the first connection): the page's media engine
   * tells main which calls' media it holds (`MediaEngine.reconnected`). Here because only the first listener of
   * `app:connected` hears the browser host's first greeting (web-bridge/socketTransport.ts), so one place counts.
   */
  readonly onReconnect?: () => void;
}

/**
 * Connects the store to main from outside React: contract events land in the
 * store as they arrive, then the startup reads run. Subscribing first means
 * nothing main says during startup is lost. When the connection to main
 * reopens (the browser host restarted), the startup reads run again.
 */
export function bindContract(store: TandemStore, api: TandemApi | undefined, options: BindOptions = {}): Unsubscribe {
  const state = store.getState();
  void state.loadRecentCalls();
  if (!api) {
    state.reportProblem('connect', NO_BRIDGE);
    return () => {};
  }
  // The board comes whole at every change, up to dozens a second on a large team: one a frame is painted.
  const boards = latestPerFrame((board: Parameters<typeof state.boardChanged>[0]) => store.getState().boardChanged(board));
  const unsubscribes = [
    boards.cancel,
    api.on('settings:changed', (settings) => {
      store.getState().settingsChanged(settings);
      // An account removed in Accounts: its connector stopped in main and leaves the desk's list.
      store.getState().keepConnectors(new Set(settings.social.map((account) => `${account.network}:${account.handle}`)));
    }),
    api.on('connection:state', ({ state: connection }) => store.getState().connectionChanged(connection)),
    api.on('team:status', (status) => store.getState().teamStatusChanged(status)),
    api.on('dial:requested', ({ target }) => store.getState().dialRequested(target)),
    api.on('softphone:registration', (status) => store.getState().registrationChanged(status)),
    // The screen pop first: its reads go out (or its remembered card is shown) before the ringing call's own
    // work (the call row, the ringtone, the desktop notification, the title) takes the main thread.
    api.on('softphone:call', (call) => store.getState().contextCallChanged(call)),
    api.on('softphone:call', (call) => store.getState().callChanged(call)),
    api.on('softphone:transferRequest', (request) => store.getState().transferRequestChanged(request)),
    api.on('shortcut:pressed', ({ action }) => runShortcut(action, store.getState())),
    api.on('identity:proven', (proof) => void store.getState().identityProven(proof)),
    // The code post did its job: its conversation leaves the inbox by itself.
    api.on('identity:proven', (proof) => void store.getState().verificationPostUsed(proof.evidenceUri)),
    api.on('identity:claimed', (claim) => void store.getState().identityClaimed(claim)),
    api.on('social:connector', (status) => store.getState().connectorChanged(status)),
    api.on(
      'social:items',
      ({ items }) =>
        void store
          .getState()
          .socialItemsArrived(items)
          .then(() => store.getState().contextSocialItemsArrived(items)),
    ),
    api.on('social:outbox', (entry) => store.getState().outboxChanged(entry)),
    // Team queue (issue 11, H3): other desks' claims, statuses and viewers; read whole again when the database comes back.
    api.on('team:conversation', (conversation) => store.getState().teamConversationChanged(conversation)),
    api.on('team:viewing', (viewing) => store.getState().teamViewingChanged(viewing)),
    api.on('team:status', (status) => {
      if (status.state === 'connected') void store.getState().loadTeamQueue();
    }),
    // One customer beside every conversation (issue 12 §7): opening a conversation looks up its author.
    store.subscribe((now, before) => {
      if (now.selectedConversationId !== before.selectedConversationId) void now.conversationSelected(now.selectedConversationId);
    }),
    // --- supervisor view (issue 16): the agent's availability and, on a supervisor's desk, the board ---
    api.on('availability:changed', (availability) => store.getState().availabilityChanged(availability)),
    api.on('supervisor:board', boards.push),
    api.on('supervisor:queue', (queue) => store.getState().supervisorQueueChanged(queue)),
    api.on('team:status', (status) => {
      if (status.state !== 'connected') return;
      void store.getState().loadAvailability();
      void store.getState().loadSupervisorAccess();
    }),
    // --- team directory (issue 12 item 4): colleagues for the dial and transfer boxes, read again when the team connects ---
    api.on('team:directory', (directory) => store.getState().teamDirectoryChanged(directory)),
    api.on('team:status', (status) => {
      if (status.state === 'connected') void store.getState().loadTeamDirectory();
    }),
    // --- team first join: the first time the team connects in this page, offer to move the desk's own history ---
    store.subscribe((now, before) => {
      if (now.team?.state === 'connected' && before.team?.state !== 'connected') void now.checkTeamJoin();
    }),
  ];
  // What a window reads from main when its connection opens: at startup, and again after every
  // reconnect (`app:connected`), because main may have changed while nobody was listening.
  const readMainState = () => {
    const current = store.getState();
    // Team queue (issue 11, H3): whether this is a team desk is in the settings.
    void current.loadSettings().then(() => {
      void store.getState().loadTeamQueue();
      void store.getState().loadTeamDirectory();
    });
    void current.loadAppInfo();
    void current.loadConnectionState();
    void current.loadTeamStatus();
    void current.loadAvailability();
    void current.loadSupervisorAccess();
    void current.takePendingDial();
    // Dexie's lastSeq is the cursor: the journal catch-up takes only what this window never stored.
    void current.loadSocial();
    void current.loadPendingVerifications();
    const readSoftphone = options.readSoftphone ?? ((read) => read());
    void readSoftphone(() => current.loadSoftphoneState()).then((load) => {
      if (load === null) return;
      options.onSoftphoneSnapshot?.(load.calls);
      // After a reload mid-call: the live call's panel and its autosaved note come back; a call that ended
      // while the window was away gets its history.
      void store.getState().contextSnapshot(load);
    });
  };
  // The first `app:connected` is the connection these startup reads go out on; every later one is a reconnect.
  let connections = 0;
  unsubscribes.push(
    api.on('app:connected', () => {
      connections += 1;
      if (connections === 1) return;
      options.onReconnect?.();
      readMainState();
    }),
  );
  readMainState();
  return () => {
    for (const unsubscribe of unsubscribes) unsubscribe();
  };
}
