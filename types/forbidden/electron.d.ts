// Projects that must not use Electron (main/core, the browser host, the
// renderer, the contract) map 'electron' here, so any import of it fails to
// typecheck: this module exports nothing.
export {};
