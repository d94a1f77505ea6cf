import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const FILE = 'web-host-name';
const NAME = /^t[0-9a-f]{16}\.localhost$/;

/**
 * The name the browser host serves on: `t<16 hex>.localhost`, made once per
 * data folder and kept in it (0600, folder 0700).
 *
 * Why a name at all: cookies are not isolated by port, so a cookie set by
 * 127.0.0.1:47800 is sent to every other server on 127.0.0.1. A host-only
 * cookie on a name of our own is sent only to that name. Chromium resolves
 * every `*.localhost` to loopback by itself (RFC 6761 §6.3), without DNS.
 *
 * Why random: any local page can point a browser at NAME:otherPort; a name
 * other pages cannot guess keeps the cookie from ever being sent to them.
 *
 * Why stable across launches, not new each launch: the renderer keeps the
 * customer history in IndexedDB, which belongs to the origin. A new name each
 * launch would strand the agent's data in an origin nobody opens again.
 */
export async function hostNameFor(dataDir: string): Promise<string> {
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- the data folder comes from the command line or the environment, never from a request
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, FILE);
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- the data folder comes from the command line or the environment, never from a request
  const stored = await readFile(file, 'utf8').then(
    (text) => text.trim(),
    () => undefined,
  );
  if (stored !== undefined && NAME.test(stored)) return stored;
  const name = `t${randomBytes(8).toString('hex')}.localhost`;
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- the data folder comes from the command line or the environment, never from a request
  await writeFile(file, `${name}\n`, { mode: 0o600 });
  return name;
}
