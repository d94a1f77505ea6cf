import { createTandemApi } from '@tandem/contract/bridgeKit';
import { config } from 'zod/mini';
import { contractSocketUrl, createSocketTransport } from './socketTransport';

// The page's CSP refuses eval: zod is told so before the bridge's first parse, or its probe for eval is reported
// as a CSP violation (renderer/src/zodPolicy.ts says the same for the app; the setting is one per page).
config({ jitless: true });

// Runs before the renderer's module script, exactly like Electron's preload:
// the page gets `window.tandem` and nothing else.
Object.defineProperty(window, 'tandem', {
  value: createTandemApi(createSocketTransport(contractSocketUrl(window.location))),
  writable: false,
  configurable: false,
  enumerable: true,
});
