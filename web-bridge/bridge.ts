import { createTandemApi } from '@tandem/contract/bridgeKit';
import { contractSocketUrl, createSocketTransport } from './socketTransport';

// The bridge kit tells zod the page refuses eval (contract/zodPolicy.ts), before its first parse.

// Runs before the renderer's module script, exactly like Electron's preload:
// the page gets `window.tandem` and nothing else.
Object.defineProperty(window, 'tandem', {
  value: createTandemApi(createSocketTransport(contractSocketUrl(window.location))),
  writable: false,
  configurable: false,
  enumerable: true,
});
