import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent, type WebFrameMain } from 'electron';
import { EVENT_CHANNEL, fail, INVOKE_CHANNEL, type EventPayload, type Result } from '@tandem/contract';
import type { Core } from '../core/app/createCore';
import type { AttachedWindow } from '../core/events/eventBus';
import type { Logger } from '../core/log/logger';
import { isOwnPage, isTrustedSender } from './policy';

export interface IpcBridge {
  /** Lets this window call main and hear its events (from now until it closes). */
  attach(window: BrowserWindow): void;
  dispose(): void;
}

/** Reads a frame's place and URL; a frame disposed mid-call reads as "gone". */
function describeFrame(frame: WebFrameMain | null): { frameUrl: string | undefined; isMainFrame: boolean } {
  if (frame === null) return { frameUrl: undefined, isMainFrame: false };
  try {
    return { frameUrl: frame.url, isMainFrame: frame.parent === null };
  } catch {
    return { frameUrl: undefined, isMainFrame: false };
  }
}

/**
 * Wires the contract through one `ipcMain.handle` and one event channel.
 *
 * Every request is checked in this order: the sender (main frame of one of
 * our windows, showing our page: `isTrustedSender`), then the envelope, then
 * the contract itself in `core.dispatch` (channel exists, payload parses). The
 * handler never throws, so the renderer always receives a Result.
 *
 * Each page load is one attached window on the event bus, with its own id: a
 * reload detaches the old page (its calls' media went with it) and attaches
 * the next one, which then owns the media of the calls it re-INVITEs.
 */
export function createIpcBridge(core: Pick<Core, 'dispatch' | 'events' | 'dials'>, pageUrl: string, log: Logger): IpcBridge {
  /** Each window with the bus attachment of the page it shows (renewed on every load). */
  const windows = new Map<BrowserWindow, AttachedWindow>();

  const attachedFor = (event: IpcMainInvokeEvent): AttachedWindow | undefined => {
    for (const [window, attached] of windows) {
      if (!window.isDestroyed() && window.webContents === event.sender) return attached;
    }
    return undefined;
  };

  /** Delivers events to `window` while it shows our page; a window between documents hears nothing. */
  const attachPage = (window: BrowserWindow): AttachedWindow =>
    core.events.attachWindow((event, payload) => {
      if (window.isDestroyed() || window.webContents.isDestroyed()) return;
      if (!isOwnPage(window.webContents.getURL(), pageUrl)) return;
      window.webContents.send(EVENT_CHANNEL, { event, payload });
    });

  const handle = async (event: IpcMainInvokeEvent, message: unknown): Promise<Result<unknown>> => {
    try {
      const attached = attachedFor(event);
      if (!isTrustedSender({ ...describeFrame(event.senderFrame), isOurWindow: attached !== undefined }, pageUrl)) {
        log.warn('refused IPC from an untrusted sender', { webContentsId: event.sender.id });
        return fail('forbidden-sender', 'errors.forbiddenSender');
      }
      if (message === null || typeof message !== 'object' || !('channel' in message)) {
        return fail('invalid-payload', 'errors.invalidPayload', 'expected { channel, payload }');
      }
      const { channel } = message;
      const payload: unknown = 'payload' in message ? message.payload : undefined;
      return attached === undefined ? fail('forbidden-sender', 'errors.forbiddenSender') : await core.dispatch(channel, payload, { windowId: attached.id });
    } catch (error) {
      log.error('IPC request failed', { error: error instanceof Error ? error.message : String(error) });
      return fail('internal', 'errors.internal');
    }
  };
  ipcMain.handle(INVOKE_CHANNEL, handle);

  /** The page in `window` is gone: its attachment goes (and the media it owned); the next page gets a new one. */
  const pageGone = (window: BrowserWindow): void => {
    const attached = windows.get(window);
    if (attached === undefined) return;
    attached.detach();
    windows.set(window, attachPage(window));
  };

  return {
    attach(window) {
      windows.set(window, attachPage(window));
      const { webContents } = window;
      // A reload or a crashed renderer drops the page that took pending dials;
      // the next page to load takes them again (core.dials queues until then).
      webContents.on('did-start-loading', () => {
        pageGone(window);
        core.dials.windowGone();
      });
      webContents.on('render-process-gone', () => {
        pageGone(window);
        core.dials.windowGone();
      });
      // Every page load is a new contract connection. The page runs its startup reads anyway (it
      // subscribed before this fires), so it ignores the first one; sent for parity with the browser host.
      webContents.on('did-finish-load', () => {
        if (window.isDestroyed() || !isOwnPage(webContents.getURL(), pageUrl)) return;
        const payload: EventPayload<'app:connected'> = {};
        webContents.send(EVENT_CHANNEL, { event: 'app:connected', payload });
      });
      window.on('closed', () => {
        windows.get(window)?.detach();
        windows.delete(window);
        core.dials.windowGone();
      });
    },
    dispose() {
      for (const attached of windows.values()) attached.detach();
      ipcMain.removeHandler(INVOKE_CHANNEL);
      windows.clear();
    },
  };
}
