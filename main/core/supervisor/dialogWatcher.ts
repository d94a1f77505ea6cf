import type { Logger } from '../log/logger';
import { backoffDelay, type BackoffPolicy } from '../time/backoff';
import { TimerSlot, type Clock } from '../time/clock';
import { DIALOG_STATES, parseDialogInfo, type DialogEntry, type DialogInfo, type DialogState } from './dialogInfo';
import type { DialogSubscriptionHandle, DialogWatchPort } from './dialogWatchPort';
import { MemberWatchMachine, WatchLinkMachine, type MemberWatchState, type WatchLinkState } from './watchMachines';

/** Where a state stands in RFC 4235's dialog state machine. */
const stateRank = (state: DialogState): number => DIALOG_STATES.indexOf(state);

/** A dialog as the watcher last heard it, with when it entered its current state (the watcher's clock). */
export interface WatchedDialog extends DialogEntry {
  readonly since: number;
}

export interface MemberDialogs {
  readonly uri: string;
  readonly watch: MemberWatchState;
  /** Dialogs not yet terminated, as the server last described them. */
  readonly dialogs: readonly WatchedDialog[];
}

export interface DialogWatcherOptions {
  readonly clock: Clock;
  readonly log: Logger;
  /** [0, 1), injected for tests. */
  readonly random?: () => number;
  /** Subscription lifetime asked for; sip.js refreshes before it runs out. */
  readonly expiresSec?: number;
  readonly linkBackoff?: BackoffPolicy;
  readonly retryBackoff?: BackoffPolicy;
}

/** Never retry in a tight loop, whatever the jitter drew. */
const MIN_WAIT_MS = 250;

/** How many ended dialogs a member remembers; a stale picture of one comes within seconds of its end. */
const ENDED_REMEMBERED = 64;

class MemberWatch {
  readonly machine = new MemberWatchMachine();
  readonly retry: TimerSlot;
  handle: DialogSubscriptionHandle | undefined;
  attempt = 0;
  version = -1;
  dialogs = new Map<string, WatchedDialog>();
  /** Dialogs heard terminated, oldest first: RFC 4235 §3.7.1 makes terminated final, so none comes back. */
  readonly ended = new Set<string>();

  constructor(
    readonly uri: string,
    clock: Clock,
  ) {
    this.retry = new TimerSlot(clock);
  }

  noteEnded(id: string): void {
    this.ended.add(id);
    if (this.ended.size > ENDED_REMEMBERED) this.ended.delete(this.ended.values().next().value ?? id);
  }

  view(): MemberDialogs {
    return { uri: this.uri, watch: this.machine.state, dialogs: [...this.dialogs.values()] };
  }
}

/**
 * Watches the call state of every roster member through the SIP server's
 * presence service (issue 16, item 2): one `dialog` subscription per member
 * over one link, both explicit state machines (`watchMachines.ts`). It
 * recovers by itself: a dropped link is reconnected after a jittered backoff
 * and every member subscribed afresh; a subscription the server ends (as
 * Kamailio does to a refresh after a restart that kept the connection) is
 * retried on its own timer.
 */
export class DialogWatcher {
  readonly #port: DialogWatchPort;
  readonly #options: DialogWatcherOptions;
  readonly #link = new WatchLinkMachine();
  readonly #linkTimer: TimerSlot;
  readonly #members = new Map<string, MemberWatch>();
  readonly #listeners = new Set<(member: MemberDialogs) => void>();
  readonly #linkListeners = new Set<(state: WatchLinkState) => void>();
  #linkAttempt = 0;
  #unlistenDrop: (() => void) | undefined;

  constructor(port: DialogWatchPort, options: DialogWatcherOptions) {
    this.#port = port;
    this.#options = options;
    this.#linkTimer = new TimerSlot(options.clock);
    this.#link.onStateChange((to) => {
      for (const listener of [...this.#linkListeners]) listener(to);
    });
  }

  get link(): WatchLinkState {
    return this.#link.state;
  }

  snapshot(): MemberDialogs[] {
    return [...this.#members.values()].map((member) => member.view());
  }

  onChange(listener: (member: MemberDialogs) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  onLinkChange(listener: (state: WatchLinkState) => void): () => void {
    this.#linkListeners.add(listener);
    return () => this.#linkListeners.delete(listener);
  }

  start(): void {
    if (!this.#link.is('stopped')) return;
    this.#unlistenDrop = this.#port.onDisconnected((reason) => this.#dropped(reason));
    this.#connect();
  }

  async stop(): Promise<void> {
    if (this.#link.is('stopped')) return;
    this.#unlistenDrop?.();
    this.#linkTimer.cancel();
    for (const member of this.#members.values()) this.#toIdle(member);
    this.#link.transition('stopped');
    await this.#port.close();
  }

  /** The roster to watch (SIP URIs); members no longer listed are unsubscribed. */
  setMembers(uris: readonly string[]): void {
    const wanted = new Set(uris);
    for (const [uri, member] of this.#members) {
      if (wanted.has(uri)) continue;
      this.#toIdle(member);
      this.#members.delete(uri);
    }
    for (const uri of wanted) {
      if (this.#members.has(uri)) continue;
      const member = new MemberWatch(uri, this.#options.clock);
      this.#members.set(uri, member);
      if (this.#link.is('connected')) this.#subscribe(member);
    }
  }

  #connect(): void {
    this.#link.transition('connecting');
    this.#port.connect().then(
      () => {
        if (!this.#link.is('connecting')) return;
        this.#linkAttempt = 0;
        this.#link.transition('connected');
        for (const member of this.#members.values()) if (member.machine.is('idle')) this.#subscribe(member);
      },
      (error: unknown) => {
        if (!this.#link.is('connecting')) return;
        this.#options.log.warn('supervisor: the dialog watch link could not connect', { error: error instanceof Error ? error.message : String(error) });
        this.#backoff();
      },
    );
  }

  #dropped(reason: string): void {
    if (!this.#link.is('connected')) return;
    this.#options.log.warn('supervisor: the dialog watch link dropped; subscribing again once it is back', { reason });
    // The server kept the subscriptions in memory (or they died with the connection): all start over.
    for (const member of this.#members.values()) this.#toIdle(member);
    this.#backoff();
  }

  #backoff(): void {
    this.#link.transition('backoff');
    this.#linkAttempt += 1;
    const wait = Math.max(MIN_WAIT_MS, backoffDelay(this.#linkAttempt, this.#options.random, this.#options.linkBackoff));
    this.#linkTimer.arm(wait, () => {
      if (this.#link.is('backoff')) this.#connect();
    });
  }

  #subscribe(member: MemberWatch): void {
    member.machine.transition('subscribing');
    member.version = -1;
    const handle = this.#port.subscribe(member.uri, this.#options.expiresSec ?? 300, {
      onNotify: (body) => {
        if (member.handle !== handle) return;
        this.#notified(member, body);
      },
      onEnded: (reason) => {
        if (member.handle !== handle) return;
        member.handle = undefined;
        this.#retry(member, reason);
      },
    });
    member.handle = handle;
  }

  #notified(member: MemberWatch, body: string): void {
    // RFC 6665 §4.2.2: a NOTIFY without a body says the server holds no state; Kamailio sends one
    // for a member who has published nothing yet, or whose last dialog's publication has lapsed.
    if (body.trim() === '') {
      this.#apply(member, { version: member.version, notification: 'full', entity: member.uri, dialogs: [] });
      return;
    }
    const parsed = parseDialogInfo(body);
    if (!parsed.ok) {
      this.#options.log.warn('supervisor: ignored a dialog NOTIFY that does not read', { member: member.uri, reason: parsed.reason });
      return;
    }
    const { info } = parsed;
    // RFC 4235 §4.1: versions only grow within a subscription; an older one arrived late. It was sent
    // before the one applied, but its NOTIFY can be overtaken on the way (two workers send them) while
    // what it says still holds: a call it shows further on than we do did get there.
    if (info.version <= member.version && member.machine.is('active')) return this.#overtaken(member, info);
    member.version = info.version;
    this.#apply(member, info);
  }

  /** A late NOTIFY moves known dialogs forward only: it adds none and, being a past picture, removes none it omits. */
  #overtaken(member: MemberWatch, info: DialogInfo): void {
    const now = this.#options.clock.now();
    let moved = false;
    for (const dialog of info.dialogs) {
      const before = member.dialogs.get(dialog.id);
      if (before === undefined || stateRank(dialog.state) <= stateRank(before.state)) continue;
      if (dialog.state === 'terminated') {
        member.dialogs.delete(dialog.id);
        member.noteEnded(dialog.id);
      } else member.dialogs.set(dialog.id, { ...before, ...dialog, since: now });
      moved = true;
    }
    if (moved) this.#announce(member);
  }

  #apply(member: MemberWatch, info: DialogInfo): void {
    const now = this.#options.clock.now();
    const next = info.notification === 'full' ? new Map<string, WatchedDialog>() : new Map(member.dialogs);
    for (const dialog of info.dialogs) {
      if (dialog.state === 'terminated') {
        next.delete(dialog.id);
        member.noteEnded(dialog.id);
        continue;
      }
      // A newer NOTIFY that still shows a call already heard ending: Kamailio handled that call's last
      // "confirmed" publication after its "terminated" one, and its stored picture is stale. The call is over.
      if (member.ended.has(dialog.id)) continue;
      // Kamailio aggregates every publication it holds for the member, and one call's early publication can be
      // stored apart from its confirmed one (a second entity tag): one NOTIFY may list the call twice. The entry
      // further on wins, whichever comes first in the document.
      const before = next.get(dialog.id) ?? member.dialogs.get(dialog.id);
      // RFC 4235 §3.7.1: a dialog's state only moves forward (trying, proceeding, early, confirmed). A server
      // whose workers handle two publications of one call in the other order (Kamailio's pua_dialoginfo
      // publishes early and confirmed to itself, milliseconds apart) notifies "early" after "confirmed",
      // with a newer version: the call is still the one already seen talking.
      if (before !== undefined && stateRank(dialog.state) < stateRank(before.state)) {
        next.set(dialog.id, before);
        continue;
      }
      next.set(dialog.id, { ...dialog, since: before !== undefined && before.state === dialog.state ? before.since : now });
    }
    member.dialogs = next;
    member.attempt = 0;
    if (member.machine.is('subscribing')) member.machine.transition('active');
    this.#announce(member);
  }

  #retry(member: MemberWatch, reason: string): void {
    if (!member.machine.is('subscribing', 'active')) return;
    this.#options.log.warn('supervisor: a dialog subscription ended; trying again', { member: member.uri, reason });
    member.machine.transition('retrying');
    member.attempt += 1;
    const wait = Math.max(MIN_WAIT_MS, backoffDelay(member.attempt, this.#options.random, this.#options.retryBackoff));
    member.retry.arm(wait, () => {
      if (member.machine.is('retrying') && this.#link.is('connected')) this.#subscribe(member);
    });
    this.#announce(member);
  }

  #toIdle(member: MemberWatch): void {
    member.retry.cancel();
    const handle = member.handle;
    member.handle = undefined;
    handle?.end();
    if (member.machine.is('idle')) return;
    member.machine.transition('idle');
    this.#announce(member);
  }

  #announce(member: MemberWatch): void {
    const view = member.view();
    for (const listener of [...this.#listeners]) listener(view);
  }
}
