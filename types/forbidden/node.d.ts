// The renderer, the contract and the web bridge map 'node:*' here, so any
// import of a node built-in fails to typecheck: this module exports nothing.
export {};
