/**
 * A SIP trace of every sip.js WebSocket in this test process (the softphone's
 * sockets are `ws` clients; see install()). Each socket is attributed to the SIP user whose REGISTER
 * it carried first, so a test can ask what one agent's core sent or received.
 */
import WebSocket from 'ws';

export interface TracedMessage {
  readonly socket: number;
  readonly direction: 'in' | 'out';
  readonly text: string;
  readonly at: number;
}

export class SipTrace {
  readonly messages: TracedMessage[] = [];
  readonly #owners = new Map<number, string>();
  readonly #waiters = new Set<() => void>();

  /**
   * Makes every `ws` WebSocket in this process record into this trace. The
   * softphone builds its own `ws` client per connection (its TLS trust, see
   * main/core/softphone/sip/sipTransport.ts), so the trace hooks the class
   * itself — what it sends and the 'message' events it emits — rather than a
   * global. Install it before the first core is created.
   */
  install(): void {
    const record = (socket: number, direction: 'in' | 'out', text: string): void => this.#record(socket, direction, text);
    const ids = new WeakMap<object, number>();
    let sockets = 0;
    const idOf = (socket: object): number => {
      let id = ids.get(socket);
      if (id === undefined) {
        id = sockets += 1;
        ids.set(socket, id);
      }
      return id;
    };
    const proto = WebSocket.prototype as unknown as {
      send: (this: object, data: unknown, ...rest: unknown[]) => void;
      emit: (this: object, event: string | symbol, ...args: unknown[]) => boolean;
    };
    const send = proto.send;
    const emit = proto.emit;
    proto.send = function (this: object, data: unknown, ...rest: unknown[]): void {
      record(idOf(this), 'out', typeof data === 'string' ? data : String(data));
      send.call(this, data, ...rest);
    };
    proto.emit = function (this: object, event: string | symbol, ...args: unknown[]): boolean {
      if (event === 'message') record(idOf(this), 'in', rawText(args[0] as WebSocket.RawData));
      return emit.call(this, event, ...args);
    };
  }

  /** After each story: prints the whole trace when it failed (or always with TANDEM_SIP_TRACE=1), then starts afresh. */
  afterStory(failed: boolean): void {
    if (failed || process.env['TANDEM_SIP_TRACE'] === '1') {
      console.info(this.messages.map((message) => `#${message.socket} ${message.direction}\n${message.text}`).join('\n----\n'));
    }
    this.messages.length = 0;
  }

  /** Messages sent or received by the core registered as `user` (e.g. '1002'). */
  of(user: string, direction?: 'in' | 'out'): TracedMessage[] {
    return this.messages.filter((message) => this.#owners.get(message.socket) === user && (direction === undefined || message.direction === direction));
  }

  /** Waits for a message of `user`'s core matching `where`; never sleeps a fixed time. */
  waitFor(user: string, where: (message: TracedMessage) => boolean, timeoutMs = 10_000): Promise<TracedMessage> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.of(user).find(where);
        if (found === undefined) return false;
        done();
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        done();
        reject(
          new Error(`SIP trace: no matching message for ${user} within ${timeoutMs} ms; first lines seen:\n  ${this.of(user).map(firstLine).join('\n  ')}`),
        );
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(check);
      };
      this.#waiters.add(check);
      check();
    });
  }

  #record(socket: number, direction: 'in' | 'out', text: string): void {
    if (direction === 'out' && !this.#owners.has(socket) && text.startsWith('REGISTER ')) {
      const user = /^From:[^\r\n]*<sips?:([^@>;]+)@/im.exec(text)?.[1];
      if (user !== undefined) this.#owners.set(socket, user);
    }
    this.messages.push({ socket, direction, text, at: Date.now() });
    for (const wake of [...this.#waiters]) wake();
  }
}

function rawText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

export function firstLine(message: TracedMessage): string {
  return `${message.direction} ${message.text.split('\r\n', 1)[0] ?? ''}`;
}

/** The value of a header of a SIP message (first occurrence; long or compact form). */
export function sipHeader(text: string, name: string, compact?: string): string | undefined {
  const head = text.split('\r\n\r\n', 1)[0] ?? '';
  const names = compact === undefined ? [name] : [name, compact];
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && names.some((candidate) => candidate.toLowerCase() === line.slice(0, colon).trim().toLowerCase())) {
      return line.slice(colon + 1).trim();
    }
  }
  return undefined;
}

/** A SIP request of this method (`INVITE`, `BYE`, …), not a response. */
export function isRequest(message: TracedMessage, method: string): boolean {
  return message.text.startsWith(`${method} `);
}
