// Where is the Electron binary, without starting its lazy download?
// `require('electron')` would fetch it; instead read the path the installer
// records and check that the file is there.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** @returns {{ path: string } | { missing: string }} */
export function findElectronBinary() {
  const dir = join(root, 'node_modules', 'electron');
  if (!existsSync(join(dir, 'package.json'))) return { missing: 'the electron package is not installed (run npm install)' };
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return { missing: 'node_modules/electron/path.txt is absent: the binary has not been downloaded' };
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) return { missing: `${binary} does not exist` };
  return { path: binary };
}
