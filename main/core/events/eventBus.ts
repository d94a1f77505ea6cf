import type { EventName, EventPayload } from '@tandem/contract';

/**
 * Events that go to one window only, never to all of them: a call's media
 * requests go to the window that owns its media (see MediaBroker), so a second
 * page never prepares media for a call it does not play.
 */
export type AddressedEvent = 'media:request';
/** Everything else is said to every window and every listener in main. */
export type BroadcastEvent = Exclude<EventName, AddressedEvent>;

const ADDRESSED: ReadonlySet<EventName> = new Set<AddressedEvent>(['media:request']);
export const isBroadcastEvent = (event: EventName): event is BroadcastEvent => !ADDRESSED.has(event);

/** One attached window's connection (an Electron page load or a browser-host socket); ids are never reused. */
export type WindowId = number & { readonly __brand: 'WindowId' };

/** What a window hears: every broadcast event, and the events addressed to it. */
export type WindowListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface AttachedWindow {
  readonly id: WindowId;
  /** The window is gone (closed, reloading, socket dropped); idempotent. */
  detach(): void;
}

type Listener<E extends EventName> = (payload: EventPayload<E>) => void;
type AnyListener = (payload: never) => void;

/** Runs each listener on its own: one that throws must not stop the others from hearing the event. */
function each<T>(listeners: Iterable<T>, call: (listener: T) => void): void {
  for (const listener of listeners) {
    try {
      call(listener);
    } catch {
      // A dead window or a faulty service is its own problem, not the next listener's.
    }
  }
}

/**
 * Main's side of the typed events. Services `emit` broadcast events; other
 * services listen to one event with `on`, its payload typed by the contract's
 * event table; transports `attachWindow` and get an id, which `emitTo` uses to
 * address one window (media requests).
 */
export class EventBus {
  readonly #listeners = new Map<EventName, Set<AnyListener>>();
  /** Insertion order is attach order: the last entry is the newest window. */
  readonly #windows = new Map<WindowId, WindowListener>();
  readonly #watchOnly = new Set<WindowId>();
  readonly #detached = new Set<(id: WindowId) => void>();
  #nextWindowId = 1;

  emit<E extends BroadcastEvent>(event: E, payload: EventPayload<E>): void {
    const listeners = this.#listeners.get(event) as Set<Listener<E>> | undefined;
    if (listeners !== undefined) each([...listeners], (listener) => listener(payload));
    each([...this.#windows.values()], (window) => window(event, payload));
  }

  /** Says `event` to one window only; false when that window is no longer attached. */
  emitTo<E extends AddressedEvent>(windowId: WindowId, event: E, payload: EventPayload<E>): boolean {
    const window = this.#windows.get(windowId);
    if (window === undefined) return false;
    each([window], (listener) => listener(event, payload));
    return true;
  }

  /** Listens to one broadcast event; returns the unsubscribe. */
  on<E extends BroadcastEvent>(event: E, listener: Listener<E>): () => void {
    let listeners = this.#listeners.get(event);
    if (listeners === undefined) {
      listeners = new Set();
      this.#listeners.set(event, listeners);
    }
    const entry = listener as AnyListener;
    listeners.add(entry);
    return () => this.#listeners.get(event)?.delete(entry);
  }

  /** A window's contract connection opened: it hears every broadcast event, and what is addressed to its id. */
  attachWindow(listener: WindowListener): AttachedWindow {
    const id = this.#nextWindowId++ as WindowId;
    this.#windows.set(id, listener);
    return {
      id,
      detach: () => {
        if (!this.#windows.delete(id)) return;
        this.#watchOnly.delete(id);
        each([...this.#detached], (onDetached) => onDetached(id));
      },
    };
  }

  /** The attached windows, oldest first. */
  windows(): readonly WindowId[] {
    return [...this.#windows.keys()];
  }

  /**
   * A window that shows no desk and plays no call (the supervisor view, issue 16): it keeps hearing
   * broadcasts, but the media broker never picks it, even when it is the newest.
   */
  markWatchOnly(id: WindowId): void {
    if (this.#windows.has(id)) this.#watchOnly.add(id);
  }

  /** The windows that may play a call's media, oldest first. */
  mediaWindows(): readonly WindowId[] {
    return this.windows().filter((id) => !this.#watchOnly.has(id));
  }

  /** Hears each window that detaches (after it stopped hearing events); returns the unsubscribe. */
  onWindowDetached(listener: (id: WindowId) => void): () => void {
    this.#detached.add(listener);
    return () => this.#detached.delete(listener);
  }
}
