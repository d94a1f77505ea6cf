/** Where the Electron binary is, or why there is none (electron-binary.mjs). */
export declare function findElectronBinary(): { readonly path: string } | { readonly missing: string };
