import { createTandemApi } from '@tandem/contract/bridgeKit';
import { contractSocketUrl, createSocketTransport } from './socketTransport';

// Runs before the renderer's module script, exactly like Electron's preload:
// the page gets `window.tandem` and nothing else.
Object.defineProperty(window, 'tandem', {
  value: createTandemApi(createSocketTransport(contractSocketUrl(window.location))),
  writable: false,
  configurable: false,
  enumerable: true,
});
