import type { TandemApi } from '@tandem/contract';

declare global {
  interface Window {
    /** Set by the preload (Electron) or the web bridge before the app starts. */
    readonly tandem: TandemApi;
  }
}
