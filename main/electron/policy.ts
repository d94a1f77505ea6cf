/**
 * The security decisions of the desktop shell, as plain functions of strings.
 * Nothing here imports `electron`, so every rule is unit tested directly
 * (tests/unit/electron/policy.test.ts); `security.ts` and `ipc.ts` only wire
 * these answers to Electron's events.
 *
 * "Our page" is exactly one document: the renderer's `index.html` served by
 * our own privileged scheme, `app://tandem/index.html` (appProtocol.ts).
 * Every other document (a `file:` URL, even of the very same file, a web
 * page, `data:`, `javascript:`, another path or host on `app:`) is foreign,
 * whatever it claims.
 */
import { APP_SCHEME } from './appProtocol';

const parse = (url: string): URL | undefined => {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
};

/**
 * Is `url` our renderer page? Scheme `app:`, the same host and path as
 * `pageUrl`, no port, no credentials; a fragment is allowed (in-page anchors),
 * a query is not (we never load one). The URL parser has already resolved
 * `..` and `%2e%2e`, so a path that only walks back to our page still
 * compares equal, and nothing else does.
 */
export function isOwnPage(url: string, pageUrl: string): boolean {
  const candidate = parse(url);
  const page = parse(pageUrl);
  if (candidate === undefined || page === undefined) return false;
  return (
    page.protocol === `${APP_SCHEME}:` &&
    candidate.protocol === page.protocol &&
    candidate.host !== '' &&
    candidate.host === page.host &&
    candidate.port === '' &&
    candidate.username === '' &&
    candidate.password === '' &&
    candidate.search === '' &&
    candidate.pathname === page.pathname
  );
}

/** Schemes the OS may open for us: web pages in the browser, mail in the mail client. Nothing that runs code. */
export const EXTERNAL_SCHEMES: readonly string[] = ['https:', 'mailto:'];

/**
 * May `url` be handed to `shell.openExternal`? Only allow-listed schemes, and
 * no `user:password@` part (a classic way to disguise where a link goes).
 */
export function isExternalUrlAllowed(url: string): boolean {
  const candidate = parse(url);
  if (candidate === undefined) return false;
  if (!EXTERNAL_SCHEMES.includes(candidate.protocol)) return false;
  if (candidate.protocol === 'https:' && (candidate.hostname === '' || candidate.username !== '' || candidate.password !== '')) {
    return false;
  }
  return true;
}

/** What a webContents may do when it tries to leave the page it shows. */
export type NavigationDecision =
  /** Stay: the target is our own page (an in-page anchor, say). */
  | { readonly action: 'allow' }
  /** Cancel the navigation and open the target in the OS instead. */
  | { readonly action: 'open-externally'; readonly url: string }
  /** Cancel the navigation, open nothing. */
  | { readonly action: 'block' };

export function decideNavigation(url: string, pageUrl: string): NavigationDecision {
  if (isOwnPage(url, pageUrl)) return { action: 'allow' };
  if (isExternalUrlAllowed(url)) return { action: 'open-externally', url };
  return { action: 'block' };
}

/** `window.open` never creates a window; at most the link opens in the OS. */
export function decideWindowOpen(url: string): { readonly openExternally: boolean } {
  return { openExternally: isExternalUrlAllowed(url) };
}

/** A permission request as Electron describes it, reduced to what we decide on. */
export interface PermissionQuery {
  readonly permission: string;
  /** The URL of the frame that asks. */
  readonly requestingUrl: string | undefined;
  readonly isMainFrame: boolean;
  /** For `media` requests: what is asked for. Absent or empty means "unspecified". */
  readonly mediaTypes?: readonly string[] | undefined;
}

/**
 * Deny by default. The one grant: microphone access (`media`, audio only) for
 * our own page's main frame, which the softphone needs; so only the origin
 * `app://tandem`, never `file://`. No camera, no screen, no geolocation, no
 * clipboard reads, no `openExternal` from the page (links go through
 * `decideWindowOpen`), and no page notifications: call alerts are shown by
 * main (electronNotifier.ts).
 */
export function isPermissionAllowed(query: PermissionQuery, pageUrl: string): boolean {
  if (query.permission !== 'media') return false;
  if (!query.isMainFrame) return false;
  if (query.requestingUrl === undefined || !isOwnPage(query.requestingUrl, pageUrl)) return false;
  const types = query.mediaTypes;
  return types !== undefined && types.length > 0 && types.every((type) => type === 'audio');
}

/** The frame behind an IPC message, as `ipc.ts` sees it. */
export interface SenderQuery {
  /** The sending frame's URL, or undefined when the frame is gone. */
  readonly frameUrl: string | undefined;
  /** The sending frame is the top frame of its webContents. */
  readonly isMainFrame: boolean;
  /** The webContents belongs to a window this shell created. */
  readonly isOurWindow: boolean;
}

/**
 * Only our page, in the main frame of one of our windows, may talk to main.
 * A subframe, a foreign page the window was somehow navigated to, or any
 * other webContents gets `forbidden-sender`.
 */
export function isTrustedSender(query: SenderQuery, pageUrl: string): boolean {
  return query.isOurWindow && query.isMainFrame && query.frameUrl !== undefined && isOwnPage(query.frameUrl, pageUrl);
}
