import type { DialogWatchPort } from '../../../main/core/supervisor/dialogWatchPort';

/** What a dialog-watch story heard from the SIP server, in arrival order: a failure prints it. */
export interface NotifyRecord {
  readonly target: string;
  readonly body: string;
}

/** The app's port, with each NOTIFY written down (whitespace folded) before the watcher reads it. */
export function recordingDialogPort(port: DialogWatchPort, heard: NotifyRecord[]): DialogWatchPort {
  return {
    connect: () => port.connect(),
    onDisconnected: (listener) => port.onDisconnected(listener),
    close: () => port.close(),
    subscribe: (target, expiresSec, handlers) =>
      port.subscribe(target, expiresSec, {
        onNotify: (body) => {
          heard.push({ target, body: body.replace(/\s+/g, ' ') });
          handlers.onNotify(body);
        },
        onEnded: (reason) => handlers.onEnded(reason),
      }),
  };
}

/** The NOTIFYs heard for `target` (all of them, or the last `limit`), one per line. */
export function notifiesFor(heard: readonly NotifyRecord[], target: string, limit = 12): string {
  return heard
    .filter((record) => record.target === target)
    .slice(-limit)
    .map((record) => `${record.target}: ${record.body}`)
    .join('\n');
}
