import type { i18n } from 'i18next';
import type { CallInfo, TandemApi, TeamRowChange } from '@tandem/contract';
import { bindCallAlerts, type NotificationHost } from './softphone/callAlerts';
import { createCustomerIo, type CustomerIo } from './customers/customerIo';
import { createCustomerRepository } from './customers/customerRepository';
import { bindTeamHistory } from './customers/teamHistorySync';
import { createPopQuiet, type PopQuiet } from './customers/popQuiet';
import type { PopHold } from './dom/afterPopPaint';
import { createTeamRowsApplier } from './customers/teamRows';
import { mergedInto, rowsTouchCustomer } from './customers/teamRowsTouch';
import { withTeamWrites } from './customers/teamWrites';
import { createTeamImportSender } from './customers/teamImports';
import { callTandem } from './tandemClient';
import { createCallLog } from './softphone/callLog';
import { openTandemDb, type TandemDb } from './data/db';
import type { EarlyReads } from './data/earlyReads';
import { createSocialStore } from './social/socialStore';
import { bindTeamCues } from './social/meaning/bindTeamCues';
import { bindDocumentSettings } from './desk/documentSettings';
import { bindRingingTitle } from './ringing/bindRingingTitle';
import { createRendererI18n } from './i18n/i18n';
import type { MediaEngine } from './softphone/media/mediaEngine';
import { startMedia } from './softphone/media/startMedia';
import { watchNetwork } from './network/watchNetwork';
import { bindContract } from './store/bindContract';
import type { DeviceChooser } from './softphone/devicesSlice';
import type { SoftphoneLoad } from './softphone/softphoneSlice';
import { afterNextPaintAndQueue } from './dom/afterNextPaint';
import { createTandemStore, type TandemStore } from './store/store';
// team first join
import { createLocalHistory } from './customers/teamJoin/localHistory';

export interface Desk {
  readonly store: TandemStore;
  readonly i18n: i18n;
  /** Timeline paging and customer import/export; null without customer storage. */
  readonly customerIo: CustomerIo | null;
  /** Drops every subscription (tests; a future hot reload). */
  stop(): void;
}

/** The parts of the media engine the desk wires up (`startMedia`'s result, or a fake in tests). */
export interface DeskMedia {
  readonly devices: DeviceChooser;
  readonly resetRinging: (calls: readonly CallInfo[]) => void;
  /** Runs a read of main's state, then releases the media of the calls main no longer holds (see the engine). */
  readonly reconcile: MediaEngine['reconcile'];
  /** The connection to main reopened: main hears which calls' media this page holds (see the engine). */
  reconnected(): void;
  stop(): void;
}

export interface DeskOptions {
  /** Default: the real media engine when the page can do WebRTC; null for none. */
  readonly media?: DeskMedia | null;
  /** Default: the 'tandem' IndexedDB database when the page has IndexedDB; null for no call log. */
  readonly db?: TandemDb | null;
  /** Default: the page's `Notification`; null for no desktop alerts. */
  readonly notifications?: NotificationHost | null;
  /** The database opened, and the reads asked for, as the bundle started (data/earlyReads.ts); `db` then defaults to its. */
  readonly early?: EarlyReads | null;
  /** Default: a new one (customers/popQuiet.ts); a test passes its own to hold the page as a slow pop would. */
  readonly popQuiet?: PopQuiet;
}

function defaultMedia(api: TandemApi | undefined, win: (Window & typeof globalThis) | null, popHold: PopHold): DeskMedia | null {
  if (!api || !win || typeof win.RTCPeerConnection !== 'function') return null;
  return startMedia(win, api, popHold);
}

/** The composition root: one store, one translator, the media engine and the call log, wired to main and to the page. */
export function startDesk(api: TandemApi | undefined, doc: Document, options: DeskOptions = {}): Desk {
  const win = doc.defaultView;
  // The screen pop holds it from ring to paint; the team's rows, the ringtone, the title and the alert wait meanwhile.
  const popQuiet = options.popQuiet ?? createPopQuiet();
  const media = options.media === undefined ? defaultMedia(api, win, popQuiet) : options.media;
  const early = options.early ?? null;
  const db = options.db !== undefined ? options.db : early !== null ? early.db : typeof win?.indexedDB === 'undefined' ? null : openTandemDb();
  const notifications = options.notifications === undefined ? (win && typeof win.Notification === 'function' ? win.Notification : null) : options.notifications;

  const local = db === null ? null : createCustomerRepository(db);
  // Team mode: each history write also goes to the team (main answers a solo desk's with an error, ignored).
  const customers =
    db === null || local === null || !api
      ? local
      : withTeamWrites(local, db, {
          enabled: () => store.getState().team?.state !== 'solo',
          send: async (write) => void (await callTandem(api, (tandem) => tandem.writeTeam(write))),
        });
  const store = createTandemStore({
    api,
    ...(db === null || customers === null
      ? {}
      : { callLog: createCallLog(db), social: createSocialStore(db, early?.db === db ? early : undefined), customers }),
    ...(media === null ? {} : { devices: media.devices }),
    ...(win === null ? {} : { afterPaint: () => afterNextPaintAndQueue(win) }),
    popQuiet,
    // team first join
    ...(db === null ? {} : { localHistory: createLocalHistory(db) }),
  });
  const translator = createRendererI18n();
  const unbindDocument = bindDocumentSettings(store, translator, doc.documentElement);
  const unbindTitle = bindRingingTitle(store, () => translator.t, doc, popQuiet);
  const unbindCues = bindTeamCues(store);
  const unbindDevices = media === null ? () => {} : media.devices.subscribe(() => store.getState().audioDevicesChanged(media.devices.getSnapshot()));
  const unbindAlerts = notifications === null ? () => {} : bindCallAlerts(store, translator.t, notifications, () => win?.focus(), popQuiet);
  const unwatchNetwork = api && win ? watchNetwork(win, api) : () => {};
  const unbindContract = bindContract(store, api, {
    onSoftphoneSnapshot: (calls) => media?.resetRinging(calls),
    // Main closes a call's media only by telling the window that holds it: one that was away then releases it here.
    ...(media === null
      ? {}
      : {
          readSoftphone: (read: () => Promise<SoftphoneLoad | null>) => media.reconcile(read, (load) => load?.mediaHeld ?? null),
          // A reconnected page is a new window to main, which forgot what this page's media plays.
          onReconnect: () => media.reconnected(),
        }),
  });
  // Team mode: what an import stored goes to the team too, a batch at a time, in order.
  const shareImport = api
    ? createTeamImportSender({
        enabled: () => store.getState().team?.state !== 'solo',
        sendMany: async (writes) => void (await callTandem(api, (tandem) => tandem.writeTeamBatch({ writes: [...writes] }))),
      })
    : undefined;
  // A colleague's rows about the customer on screen (a note landing just after the pop painted) refresh the panel;
  // a customer a colleague merged away gives way to the one she was merged into. The Customers area follows too.
  const onApplied = (rows: readonly TeamRowChange[]) => {
    const state = store.getState();
    void state.directoryRowsApplied(rows);
    const shown = state.customerContext?.customer.id;
    if (shown === undefined) return;
    const kept = mergedInto(rows, shown);
    if (kept !== null) void state.openCustomer(kept);
    else if (rowsTouchCustomer(rows, shown)) void state.reloadContext();
  };
  const unbindTeamHistory = api && db ? bindTeamHistory(api, db, createTeamRowsApplier(db), { quiet: popQuiet, onApplied }) : () => {};
  // A note typed in the last half second before a reload or close is written now rather than lost, and
  // so is a reply draft waiting for an idle slot (social/draftSaver.ts).
  const flushNote = () => {
    void store.getState().flushCallNote();
    void store.getState().flushDrafts();
  };
  win?.addEventListener('pagehide', flushNote);
  return {
    store,
    i18n: translator,
    customerIo: db === null || customers === null ? null : createCustomerIo(db, customers, shareImport),
    stop() {
      win?.removeEventListener('pagehide', flushNote);
      unbindContract();
      unbindCues();
      unbindTeamHistory();
      unwatchNetwork();
      unbindAlerts();
      unbindDevices();
      unbindDocument();
      unbindTitle();
      media?.stop();
      db?.close();
    },
  };
}
