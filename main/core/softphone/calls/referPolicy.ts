import { e164FromUser } from './dialTarget';

/**
 * Whether the agent's phone follows a REFER from the far end (we are the
 * transferee, RFC 3515 §2.4.2: "a UA accepting a well-formed REFER request
 * SHOULD request approval from the user to proceed … an interactive query or
 * … configured policy"). Pure: the call manager hands in the parts of the
 * addresses and acts on the decision.
 *
 * Why it matters: a REFER makes our phone place a call on our account. To
 * `sip:+1900…@our-domain` that reaches the PBX's phone-network gateway (toll
 * fraud), to `*72…` a feature code; `maddr`, `transport` or a port can steer
 * the request to another server. So the target is rebuilt from scheme, user
 * and host only, and the rules are, in order:
 *
 * 1. Only `sip:`/`sips:` targets in our own domain, or teammates / configured
 *    targets named exactly; anything else is refused (603).
 * 2. A call with an EXTERNAL party is never transferred by them (603), unless
 *    the profile opts in (`sip.transfer.allowFromExternal`). External means
 *    the far end of this call is not a roster member and either is outside our
 *    SIP domain, or is a phone number (or has no user part) in it: calls from
 *    the phone network arrive through the gateway as `sip:+1…@our-domain`.
 *    The far end is the dialog's remote identity (the INVITE's From for a call
 *    we received, the address we dialled otherwise); our proxy authenticates
 *    its own users, so an in-domain extension there is one of ours.
 * 3. Teammates (`team.roster`) and configured extensions
 *    (`sip.transfer.allowedTargets`) are followed without asking.
 * 4. Phone numbers and feature codes are refused (603) unless
 *    `sip.transfer.allowPhoneNumbers` lets the agent be asked about them.
 * 5. Everything else: the agent is asked.
 */

/**
 * The parts of a SIP address the policy looks at. Parsed here from the header
 * text, not taken from sip.js: its grammar stores a `maddr` parameter's value
 * as the URI's host (sip.js 0.21.2), so `sip:x@evil;maddr=our-domain` would
 * look like one of ours.
 */
export interface SipAddress {
  readonly scheme: string;
  /** As written (still percent-escaped); '' when there is none. */
  readonly user: string;
  readonly host: string;
  /** The URI's `Replaces` header (percent-encoded), if any. */
  readonly replaces?: string | undefined;
}

// RFC 3261 §25.1 user (unreserved, escaped, user-unreserved but `;` and `?`) and host (a name, IPv4 or [IPv6]).
const USER_CHARS = /^[A-Za-z0-9\-_.!~*'()&=+$,/%]+$/;
const BAD_ESCAPE = /%(?![0-9A-Fa-f]{2})/;
const HOST_NAME = /^[A-Za-z0-9.-]+$/;
const HOST_IPV6 = /^\[[0-9A-Fa-f:.]+\]$/;
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]{0,15}):/;

/**
 * A header value (`"Ben" <sip:2001@host;maddr=x?Replaces=…>`, or a bare
 * addr-spec) to its scheme, user and host; undefined when it is not a URI we
 * could dial as written: a user or host with characters outside RFC 3261
 * §25.1 (a `%0D%0A` in the user decodes to a line break).
 */
export function parseSipAddress(header: string): SipAddress | undefined {
  const text = header.trim();
  const open = text.indexOf('<');
  const uri = (open === -1 ? (text.split(';', 1)[0] ?? '') : text.slice(open + 1, text.indexOf('>', open))).trim();
  const scheme = SCHEME.exec(uri)?.[1];
  if (scheme === undefined) return undefined;
  const afterScheme = uri.slice(scheme.length + 1);
  const question = afterScheme.indexOf('?');
  const headers = question === -1 ? '' : afterScheme.slice(question + 1);
  const beforeHeaders = question === -1 ? afterScheme : afterScheme.slice(0, question);
  const at = beforeHeaders.lastIndexOf('@');
  const user = at === -1 ? '' : beforeHeaders.slice(0, at);
  const hostPort = (beforeHeaders.slice(at + 1).split(';', 1)[0] ?? '').trim();
  const host = hostPort.startsWith('[') ? hostPort.slice(0, hostPort.indexOf(']') + 1) : (hostPort.split(':', 1)[0] ?? '');
  const userOk = user === '' || (USER_CHARS.test(user) && !BAD_ESCAPE.test(user) && !/\p{Cc}/u.test(safeDecode(user)));
  const hostOk = HOST_IPV6.test(host) || (HOST_NAME.test(host) && !host.includes('..') && !host.startsWith('.'));
  if (!userOk || !hostOk) return undefined;
  const replaces = headers
    .split('&')
    .map((pair) => pair.split('='))
    .find(([name]) => name?.toLowerCase() === 'replaces')?.[1];
  return { scheme: scheme.toLowerCase(), user, host: host.toLowerCase(), replaces };
}

export interface TransferRules {
  /** The agent's SIP domain. */
  readonly domain: string;
  readonly defaultRegion: string;
  /** SIP URIs of the agent's teammates (`team.roster`). */
  readonly roster: readonly string[];
  /** `sip.transfer.allowedTargets`: extensions (`2001`, meaning sip:2001@our-domain) or SIP URIs. */
  readonly allowedTargets: readonly string[];
  readonly allowFromExternal: boolean;
  readonly allowPhoneNumbers: boolean;
}

/** The profile's part of the rules (`sip.transfer`). */
export type TransferPolicy = Pick<TransferRules, 'allowedTargets' | 'allowFromExternal' | 'allowPhoneNumbers'>;

/** Without a profile saying otherwise: nobody is followed without asking, nobody outside may transfer, no numbers. */
export const DEFAULT_TRANSFER_RULES: TransferPolicy & Pick<TransferRules, 'roster'> = {
  roster: [],
  allowedTargets: [],
  allowFromExternal: false,
  allowPhoneNumbers: false,
};

export type RefusalReason = 'inactive' | 'external-referrer' | 'not-sip' | 'other-domain' | 'phone-number' | 'bad-replaces';

export type ReferDecision =
  | { readonly action: 'refuse'; readonly statusCode: 400 | 603; readonly reason: RefusalReason }
  /** `target`: the rebuilt URI to dial; `replaces`: the decoded Replaces header value of an attended transfer. */
  | { readonly action: 'follow' | 'ask'; readonly target: string; readonly replaces: string | undefined };

export interface ReferRequest {
  /** The far end of the call the REFER came on; undefined when its address could not be read (then it is external). */
  readonly referrer: SipAddress | undefined;
  /** The Refer-To; undefined when it is not a URI we could dial as written. */
  readonly target: SipAddress | undefined;
}

export function decideRefer(request: ReferRequest, rules: TransferRules): ReferDecision {
  const refuse = (reason: RefusalReason, statusCode: 400 | 603 = 603): ReferDecision => ({ action: 'refuse', statusCode, reason });
  const { target, referrer } = request;
  if (target === undefined || (target.scheme !== 'sip' && target.scheme !== 'sips') || target.user === '') return refuse('not-sip');
  const replaces = replacesValue(target.replaces);
  if (replaces === null) return refuse('bad-replaces', 400);
  // Scheme, user and host only: no port, no parameters (maddr, transport, lr, user=phone), no headers but Replaces.
  const rebuilt = `${target.scheme}:${target.user}@${target.host}`;

  const listed = named(rules.roster, target, rules.domain) || named(rules.allowedTargets, target, rules.domain);
  if (!listed && target.host !== rules.domain.toLowerCase()) return refuse('other-domain');
  if (!rules.allowFromExternal && (referrer === undefined || isExternal(referrer, rules))) return refuse('external-referrer');
  if (listed) return { action: 'follow', target: rebuilt, replaces };
  if (kindOfUser(target.user, rules.defaultRegion) !== 'extension' && !rules.allowPhoneNumbers) return refuse('phone-number');
  return { action: 'ask', target: rebuilt, replaces };
}

/** Rule 2: see the module comment. */
export function isExternal(party: SipAddress, rules: Pick<TransferRules, 'domain' | 'defaultRegion' | 'roster'>): boolean {
  if (named(rules.roster, party, rules.domain)) return false;
  if (party.host !== rules.domain.toLowerCase()) return true;
  return party.user === '' || kindOfUser(party.user, rules.defaultRegion) !== 'extension';
}

/**
 * What a user part dials. Extensions are short (up to 6 digits) or names;
 * anything with `*`/`#` is a feature code; a `+`, 7 digits or more, or a
 * valid number of the agent's region is a phone number (with or without an
 * outside-line prefix such as `9`, which libphonenumber would not call valid).
 */
export function kindOfUser(user: string, defaultRegion: string): 'extension' | 'phone-number' | 'feature-code' {
  const decoded = safeDecode(user).replace(/[\s.\-()]/g, '');
  if (/[*#]/.test(decoded)) return 'feature-code';
  if (/^\+/.test(decoded) && /\d/.test(decoded)) return 'phone-number';
  const digits = decoded.replace(/\D/g, '');
  if (/^\d+$/.test(decoded) && digits.length >= 7) return 'phone-number';
  if (e164FromUser(user, defaultRegion) !== null) return 'phone-number';
  return 'extension';
}

/**
 * The Replaces value of an attended transfer (RFC 3891 §6.1: call-id, to-tag,
 * from-tag), decoded from the Refer-To URI header. It becomes a header of our
 * INVITE, so anything but visible ASCII (a smuggled CR/LF starts a new header)
 * or a value without both tags is refused. undefined: none; null: malformed.
 */
export function replacesValue(raw: string | undefined): string | undefined | null {
  if (raw === undefined) return undefined;
  const decoded = safeDecode(raw);
  if (decoded.length > 512 || !/^[\x21-\x7e]+$/.test(decoded)) return null;
  const [callId, ...params] = decoded.split(';');
  const names = params.map((param) => param.split('=', 1)[0]?.toLowerCase());
  if (callId === undefined || callId === '' || !names.includes('to-tag') || !names.includes('from-tag')) return null;
  return decoded;
}

/**
 * Whether `address` is one of `entries`: SIP URIs, or extensions of our
 * domain. Same user (case-sensitive, RFC 3261 §19.1.4, compared unescaped)
 * at the same host; sip and sips name the same address of record.
 */
function named(entries: readonly string[], address: SipAddress, domain: string): boolean {
  return entries.some((entry) => {
    const listed = /^sips?:/i.test(entry) ? parseSipAddress(entry) : { scheme: 'sip', user: entry.trim(), host: domain.toLowerCase() };
    return listed !== undefined && listed.user !== '' && safeDecode(listed.user) === safeDecode(address.user) && listed.host === address.host;
  });
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
