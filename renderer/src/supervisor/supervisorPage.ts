/**
 * Which page this window shows: the supervisor view lives at `/supervisor` on
 * the browser host and at the page's `#supervisor` fragment in Electron (its
 * guards accept our one page URL only; a fragment keeps it that page).
 */
export function isSupervisorPage(location: Pick<Location, 'pathname' | 'hash'>): boolean {
  return location.pathname === '/supervisor' || location.hash === '#supervisor';
}

/** Where the browser host serves it (main/web/webHost.ts `SUPERVISOR_PATH`). */
export const SUPERVISOR_URL = '/supervisor';
