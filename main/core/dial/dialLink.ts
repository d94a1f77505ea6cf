import * as z from 'zod';

/**
 * `tel:` and `sip:` links from the OS (or the command line). The target is
 * kept as text for the softphone to normalise; here we only refuse what is
 * clearly not a dial target, so a hostile link can't smuggle anything else.
 */
const TelTarget = z.string().regex(/^\+?[0-9*#().\- ]{1,32}$/);
const SipTarget = z.string().regex(/^sips?:[^\s<>"@]{1,64}@[A-Za-z0-9.\-[\]:]{1,253}$/);

export function parseDialLink(link: string): string | undefined {
  if (link.length > 512) return undefined;
  const lower = link.toLowerCase();
  if (lower.startsWith('tel:')) {
    const number = decodeURIComponentSafe(link.slice(4)).split(';')[0] ?? '';
    return TelTarget.safeParse(number).success ? number.trim() : undefined;
  }
  if (lower.startsWith('sip:') || lower.startsWith('sips:')) {
    // Schemes are case-insensitive (RFC 3261 §19.1.1); keep them in their canonical lower case.
    const decoded = decodeURIComponentSafe(link);
    const colon = decoded.indexOf(':');
    const uri = `${decoded.slice(0, colon).toLowerCase()}${decoded.slice(colon).split(/[;?]/)[0] ?? ''}`;
    return SipTarget.safeParse(uri).success ? uri : undefined;
  }
  return undefined;
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Links opened before a window can take them wait here, in order. A window
 * says it is ready by draining the queue; from then on dials go straight out
 * as events until the shell says the window went away (reload, close).
 */
export class PendingDials {
  readonly #queue: string[] = [];
  #windowReady = false;

  constructor(private readonly deliver: (target: string) => void) {}

  request(target: string): void {
    if (this.#windowReady) {
      this.deliver(target);
      return;
    }
    // A flood of links must not grow without bound.
    if (this.#queue.length < 20) this.#queue.push(target);
  }

  take(): string[] {
    this.#windowReady = true;
    return this.#queue.splice(0, this.#queue.length);
  }

  windowGone(): void {
    this.#windowReady = false;
  }
}

export const findDialLink = (argv: readonly string[]): string | undefined => argv.find((arg) => /^(tel|sips?):/i.test(arg));
