/**
 * The user part of a SIP address, decoded, for reading and comparing: the
 * number or name a person knows the party by. Main and the page both need it
 * (the supervisor's alerts, the screen pop's lookup keys, the dial box's
 * completions), so it lives here, once. It is not a validator: to dial what a
 * header says, main's `parseSipAddress` (softphone/calls/referPolicy.ts)
 * refuses what RFC 3261 §25.1 does not allow.
 *
 * - `sip:2125550123@127.0.0.1` → `2125550123`; `sips:` and no scheme alike;
 * - a name-addr, `"Ana" <sip:2001@pbx>` → `2001`;
 * - URI parameters and headers (`@pbx;transport=tls?subject=x`) belong to the
 *   host side and go with it; a password (`alice:secret@pbx`) is dropped;
 * - a telephone-subscriber's own parameters (`+1-212-555-0123;phone-context=…@pbx`,
 *   RFC 3261 §19.1.6) are dropped: the number is what is read;
 * - percent-escapes are decoded (`%2B34600111222` → `+34600111222`); a
 *   malformed escape stays as written;
 * - an address without `@` has no host to drop, so all of it is the user
 *   part: a number or extension as stored or typed (`+12125550123`, `2001`).
 *
 * Anything else comes back as text, never an exception: a 10 kB header, bidi
 * or zero-width characters, a decoded line break. Showing it is the caller's
 * job (the page's safeText, main's sanitiseText). Linear in the input: no
 * pattern here can backtrack.
 */
export function sipUserPart(address: string): string {
  const addrSpec = insideAngles(address.trim()).trim();
  const rest = addrSpec.replace(SIP_SCHEME, '');
  const at = rest.indexOf('@');
  const user = at === -1 ? cutAt(rest, ';?') : cutAt(rest.slice(0, at), ';:');
  return decodeEscapes(user);
}

const SIP_SCHEME = /^sips?:/i;

/** A name-addr's URI (`"Ana <2>" <sip:…>`): the last `<` opens it, since the URI itself has none and a quoted name may. */
function insideAngles(text: string): string {
  const open = text.lastIndexOf('<');
  if (open === -1) return text;
  const close = text.indexOf('>', open);
  return text.slice(open + 1, close === -1 ? undefined : close);
}

/** The text before the first of `stops`. */
function cutAt(text: string, stops: string): string {
  let end = text.length;
  for (const stop of stops) {
    const index = text.indexOf(stop);
    if (index !== -1 && index < end) end = index;
  }
  return text.slice(0, end);
}

/** Each run of `%XX` escapes decoded together, since one UTF-8 character may take several. */
function decodeEscapes(text: string): string {
  if (!text.includes('%')) return text;
  let decoded = '';
  let index = 0;
  while (index < text.length) {
    let end = index;
    while (isEscapeAt(text, end)) end += 3;
    decoded += end === index ? text.charAt(index) : decodeRun(text.slice(index, end));
    index = Math.max(end, index + 1);
  }
  return decoded;
}

const HEX_DIGIT = /^[0-9A-Fa-f]$/;

const isEscapeAt = (text: string, index: number): boolean =>
  text.charAt(index) === '%' && HEX_DIGIT.test(text.charAt(index + 1)) && HEX_DIGIT.test(text.charAt(index + 2));

function decodeRun(run: string): string {
  try {
    return decodeURIComponent(run);
  } catch {
    // Not UTF-8 (`%FF`): shown as written rather than guessed at.
    return run;
  }
}
