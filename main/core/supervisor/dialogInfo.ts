/**
 * Reads an `application/dialog-info+xml` body (RFC 4235 §4) as far as the
 * supervisor view needs it: each dialog's id, state, direction and the far
 * party's identity. It is a small tag reader of its own, not a general XML
 * parser, because the body comes from the network: no DOCTYPE, no entity
 * declarations, no CDATA, no processing instructions beyond the XML
 * declaration; only the five predefined entities and numeric character
 * references are decoded. Anything else makes the whole body refused, never
 * half-read. Sizes are bounded so a hostile NOTIFY costs little.
 */

export const DIALOG_STATES = ['trying', 'proceeding', 'early', 'confirmed', 'terminated'] as const;
export type DialogState = (typeof DIALOG_STATES)[number];

export interface DialogParty {
  /** The identity URI as sent (trimmed). */
  readonly uri: string;
  readonly display: string | null;
}

export interface DialogEntry {
  readonly id: string;
  readonly callId: string | null;
  /** RFC 4235 §4.1.1: initiator = the entity placed the call; recipient = it was called. */
  readonly direction: 'initiator' | 'recipient' | null;
  readonly state: DialogState;
  readonly remote: DialogParty | null;
}

export interface DialogInfo {
  readonly version: number;
  /** `full`: the list replaces what the watcher knew; `partial`: it updates the dialogs it names. */
  readonly notification: 'full' | 'partial';
  readonly entity: string;
  readonly dialogs: readonly DialogEntry[];
}

export type DialogInfoResult = { readonly ok: true; readonly info: DialogInfo } | { readonly ok: false; readonly reason: string };

export const DIALOG_INFO_LIMITS = { bytes: 64 * 1024, dialogs: 64, depth: 8, elements: 2048 } as const;

interface Element {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: Element[];
  text: string;
}

class Refused extends Error {}

const NAME_PART = /^[A-Za-z_][\w.-]{0,63}$/;

/** An XML name with at most one prefix (`dialog`, `d:dialog`). */
function isName(name: string): boolean {
  const parts = name.split(':');
  return parts.length <= 2 && parts.every((part) => NAME_PART.test(part));
}
const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** `#65` or `#x41` → 65; anything else → null. */
function characterReference(ref: string): number | null {
  if (/^#x[0-9a-fA-F]{1,6}$/.test(ref)) return Number.parseInt(ref.slice(2), 16);
  if (/^#[0-9]{1,7}$/.test(ref)) return Number(ref.slice(1));
  return null;
}

function decode(raw: string): string {
  return raw.replace(/&([^;&\s]{0,10});?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) throw new Refused('a bare & in text');
    const named = PREDEFINED[ref];
    if (named !== undefined) return named;
    const code = characterReference(ref);
    if (code === null) throw new Refused(`an entity other than the predefined ones (&${ref.slice(0, 10)};)`);
    // Controls and surrogates are not characters a name or URI may carry.
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) || (code < 0x20 && code !== 0x9 && code !== 0xa && code !== 0xd)) {
      throw new Refused('a character reference outside XML characters');
    }
    return String.fromCodePoint(code);
  });
}

/** `prefix:name` → `name`: RFC 4235 documents use one namespace; a prefix on it is still the same element. */
function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

function parseAttributes(source: string): Map<string, string> {
  const attributes = new Map<string, string>();
  const pattern = /\s*([^\s=/>]+)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/gy;
  let at = 0;
  for (;;) {
    pattern.lastIndex = at;
    const match = pattern.exec(source);
    if (match === null) break;
    const name = match[1] ?? '';
    if (!isName(name)) throw new Refused('a malformed attribute name');
    if (attributes.has(name)) throw new Refused('a repeated attribute');
    attributes.set(name, decode(match[2] ?? match[3] ?? ''));
    at = pattern.lastIndex;
  }
  if (source.slice(at).trim() !== '') throw new Refused('a malformed attribute list');
  return attributes;
}

function parseTree(body: string): Element {
  let rest = body.replace(/^\uFEFF/, '');
  const declaration = /^\s*<\?xml\s[^?<>]*\?>/.exec(rest);
  if (declaration !== null) rest = rest.slice(declaration[0].length);
  const stack: Element[] = [];
  let root: Element | null = null;
  let elements = 0;
  let at = 0;
  while (at < rest.length) {
    const open = rest.indexOf('<', at);
    const text = rest.slice(at, open === -1 ? rest.length : open);
    const top = stack.at(-1);
    if (top === undefined) {
      if (text.trim() !== '') throw new Refused('text outside the root element');
    } else {
      top.text += decode(text);
    }
    if (open === -1) break;
    if (rest.startsWith('<!--', open)) {
      const end = rest.indexOf('-->', open + 4);
      if (end === -1) throw new Refused('an unclosed comment');
      at = end + 3;
      continue;
    }
    // DOCTYPE (and with it every entity declaration), CDATA and processing instructions are refused outright.
    if (rest.startsWith('<!', open) || rest.startsWith('<?', open)) throw new Refused('a DOCTYPE, CDATA section or processing instruction');
    const close = rest.indexOf('>', open);
    if (close === -1) throw new Refused('an unclosed tag');
    const tag = rest.slice(open + 1, close);
    at = close + 1;
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const current = stack.pop();
      if (current === undefined || current.name !== localName(name)) throw new Refused('a closing tag that does not match');
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const inner = selfClosing ? tag.slice(0, -1) : tag;
    const nameEnd = inner.search(/\s|$/);
    const name = inner.slice(0, nameEnd);
    if (!isName(name)) throw new Refused('a malformed element name');
    elements += 1;
    if (elements > DIALOG_INFO_LIMITS.elements) throw new Refused('too many elements');
    const element: Element = { name: localName(name), attributes: parseAttributes(inner.slice(nameEnd)), children: [], text: '' };
    const parent = stack.at(-1);
    if (parent === undefined) {
      if (root !== null) throw new Refused('a second root element');
      root = element;
    } else {
      parent.children.push(element);
    }
    if (!selfClosing) {
      stack.push(element);
      if (stack.length > DIALOG_INFO_LIMITS.depth) throw new Refused('elements nested too deep');
    }
  }
  if (stack.length > 0) throw new Refused('an element left open');
  if (root === null) throw new Refused('no root element');
  return root;
}

function child(element: Element, name: string): Element | undefined {
  return element.children.find((candidate) => candidate.name === name);
}

function party(element: Element | undefined): DialogParty | null {
  const identity = element === undefined ? undefined : child(element, 'identity');
  if (identity === undefined) {
    // Some servers give only the target (RFC 4235 §4.1.6.2); its uri attribute is still the party.
    const target = element === undefined ? undefined : child(element, 'target');
    const uri = target?.attributes.get('uri')?.trim();
    return uri === undefined || uri === '' ? null : { uri, display: null };
  }
  const uri = identity.text.trim();
  if (uri === '') return null;
  const display = identity.attributes.get('display')?.trim();
  return { uri, display: display === undefined || display === '' ? null : display };
}

function dialogEntry(element: Element): DialogEntry {
  const id = element.attributes.get('id');
  if (id === undefined || id === '') throw new Refused('a dialog without an id');
  const stateElement = child(element, 'state');
  // Kamailio's pua_dialoginfo writes "Trying" where RFC 4235's schema has "trying": read either.
  const state = stateElement?.text.trim().toLowerCase();
  if (!DIALOG_STATES.includes(state as DialogState)) throw new Refused('a dialog without a known state');
  const direction = element.attributes.get('direction');
  return {
    id,
    callId: element.attributes.get('call-id') ?? null,
    direction: direction === 'initiator' || direction === 'recipient' ? direction : null,
    state: state as DialogState,
    remote: party(child(element, 'remote')),
  };
}

/** Parses a NOTIFY body; never throws. */
export function parseDialogInfo(body: string): DialogInfoResult {
  if (body.length > DIALOG_INFO_LIMITS.bytes) return { ok: false, reason: 'body too large' };
  try {
    const root = parseTree(body);
    if (root.name !== 'dialog-info') throw new Refused('the root is not dialog-info');
    const versionText = root.attributes.get('version') ?? '';
    if (!/^\d{1,10}$/.test(versionText)) throw new Refused('a missing or malformed version');
    const notification = root.attributes.get('state');
    if (notification !== 'full' && notification !== 'partial') throw new Refused('a missing or malformed state attribute');
    const entity = root.attributes.get('entity')?.trim() ?? '';
    if (entity === '') throw new Refused('no entity');
    const dialogElements = root.children.filter((element) => element.name === 'dialog');
    if (dialogElements.length > DIALOG_INFO_LIMITS.dialogs) throw new Refused('too many dialogs');
    return { ok: true, info: { version: Number(versionText), notification, entity, dialogs: dialogElements.map(dialogEntry) } };
  } catch (error: unknown) {
    if (error instanceof Refused) return { ok: false, reason: error.message };
    return { ok: false, reason: 'unreadable' };
  }
}
