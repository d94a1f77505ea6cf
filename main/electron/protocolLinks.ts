import { findDialLink, parseDialLink, type PendingDials } from '../core/dial/dialLink';
import type { Logger } from '../core/log/logger';

/** The link schemes Tandem answers for the OS (also declared in electron-builder.yml). */
export const DIAL_SCHEMES = ['tel', 'sip'] as const;

/**
 * tel:/sip: links reach us three ways: on our own command line at launch, in
 * a second launch's command line (`second-instance`), and on macOS through
 * `open-url`, which can fire before the app is ready. Links that arrive
 * before main's services exist wait here; from then on `core.dials` queues
 * them until a window takes them (`dial:takePending`).
 */
export class ProtocolLinks {
  readonly #early: string[] = [];
  #dials: PendingDials | undefined;

  constructor(private readonly log: Logger) {}

  /** A raw link from the OS. Anything that is not a clean dial target is dropped. */
  open(link: string): void {
    const target = parseDialLink(link);
    if (target === undefined) {
      // The link itself is not logged: it comes from outside and may hold anything.
      this.log.warn('ignored a link that is not a dial target', { length: link.length });
      return;
    }
    if (this.#dials === undefined) {
      if (this.#early.length < 20) this.#early.push(target);
      return;
    }
    this.#dials.request(target);
  }

  /** A command line (ours or a second instance's); opens the dial link in it, if any. */
  openFromArgv(argv: readonly string[]): void {
    const link = findDialLink(argv);
    if (link !== undefined) this.open(link);
  }

  /** Main's services are up: hand over what came early, and everything after. */
  attach(dials: PendingDials): void {
    this.#dials = dials;
    for (const target of this.#early.splice(0, this.#early.length)) dials.request(target);
  }
}
