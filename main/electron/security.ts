import { app, shell, type Session, type WebContents } from 'electron';
import type { Logger } from '../core/log/logger';
import { RENDERER_CSP } from './csp';
import { decideNavigation, decideWindowOpen, isOwnPage, isPermissionAllowed } from './policy';

/**
 * Guards for every webContents the app ever creates (windows, devtools,
 * anything a future feature adds), installed once before the first window:
 * no navigation away from our page, no new windows, no <webview>, links that
 * are safe go to the OS. The decisions live in `policy.ts`.
 */
export function guardAllWebContents(pageUrl: string, log: Logger): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, pageUrl, log));
}

function openExternally(url: string, log: Logger): void {
  // Only URLs that passed `isExternalUrlAllowed` reach this point (see policy.ts).
  shell.openExternal(url).catch((error: unknown) => {
    log.warn('could not open link externally', { error: error instanceof Error ? error.message : String(error) });
  });
}

function guardWebContents(contents: WebContents, pageUrl: string, log: Logger): void {
  const onNavigation = (event: { preventDefault(): void }, url: string, kind: string): void => {
    const decision = decideNavigation(url, pageUrl);
    if (decision.action === 'allow') return;
    event.preventDefault();
    // Never log the full URL: it may carry tokens or a customer's data.
    log.warn('blocked navigation', { kind, scheme: schemeOf(url) });
    if (decision.action === 'open-externally') openExternally(decision.url, log);
  };

  contents.on('will-navigate', (event) => onNavigation(event, event.url, 'will-navigate'));
  contents.on('will-frame-navigate', (event) => {
    // The main frame's navigations were already decided by `will-navigate`; a subframe only ever stays on our page.
    if (event.isMainFrame) return;
    if (!isOwnPage(event.url, pageUrl)) {
      event.preventDefault();
      log.warn('blocked subframe navigation', { scheme: schemeOf(event.url) });
    }
  });
  contents.on('will-redirect', (event) => {
    if (!isOwnPage(event.url, pageUrl)) {
      event.preventDefault();
      log.warn('blocked redirect', { scheme: schemeOf(event.url) });
    }
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('blocked <webview>');
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (decideWindowOpen(url).openExternally) openExternally(url, log);
    else log.warn('blocked window.open', { scheme: schemeOf(url) });
    return { action: 'deny' };
  });
}

const schemeOf = (url: string): string => /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? '(none)';

/**
 * The session's side: deny-by-default permissions (only our page, on
 * `app://tandem`, may use the microphone, for calls), no USB/HID/serial
 * devices, and the CSP as a response header for anything else Chromium lets
 * us see the headers of (our own app:// responses carry it already).
 */
export function hardenSession(session: Session, pageUrl: string, log: Logger): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const allowed = isPermissionAllowed(
      {
        permission,
        requestingUrl: details.requestingUrl,
        isMainFrame: details.isMainFrame,
        mediaTypes: 'mediaTypes' in details ? details.mediaTypes : undefined,
      },
      pageUrl,
    );
    if (!allowed) log.warn('denied permission request', { permission, fromOurPage: isOwnPage(contents.getURL(), pageUrl) });
    callback(allowed);
  });

  session.setPermissionCheckHandler((_contents, permission, _requestingOrigin, details) =>
    isPermissionAllowed(
      {
        permission,
        requestingUrl: details.requestingUrl,
        isMainFrame: details.isMainFrame,
        mediaTypes: details.mediaType === undefined ? undefined : [details.mediaType],
      },
      pageUrl,
    ),
  );

  session.setDevicePermissionHandler(() => false);

  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    if (details.resourceType === 'mainFrame' || details.resourceType === 'subFrame') {
      headers['Content-Security-Policy'] = [RENDERER_CSP];
    }
    callback({ responseHeaders: headers });
  });
}
