import type { Configuration } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** `getConfig` normalises `files` to file sets (`{ filter: [...] }`); these are the patterns in them. */
function filePatterns(config: Configuration): string[] {
  return [config.files ?? []].flat().flatMap((entry) => {
    if (entry === null) return [];
    if (typeof entry === 'string') return [entry];
    return [entry.filter ?? []].flat();
  });
}

/**
 * electron-builder cannot package on our machines (it downloads Electron and
 * its tools), so the configuration is checked the way electron-builder checks
 * it before a build: loaded with `getConfig` (electron-builder.yml merged with
 * package.json) and validated against its JSON schema.
 */
/** Compiling electron-builder's JSON schema takes about 1.3 s on an idle core; a shared, loaded machine needs more. */
const SCHEMA_TIMEOUT = 30_000;

describe('the packaging configuration', () => {
  it(
    'is what electron-builder would accept',
    async () => {
      const config = await getConfig(root, null, null);
      await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    },
    SCHEMA_TIMEOUT,
  );

  it('describes Tandem: one asar with the build output, tel:/sip: links, Linux AppImage and deb, nothing published', async () => {
    const config = await getConfig(root, null, null);
    expect(config.appId).toBe('com.tandem.desk');
    expect(config.productName).toBe('Tandem');
    expect(config.asar).toBe(true);
    expect(config.publish).toBeNull();
    expect(filePatterns(config)).toEqual(expect.arrayContaining(['out/**', 'package.json']));
    const schemes = [config.protocols ?? []].flat().flatMap((protocol) => protocol.schemes);
    expect(schemes).toEqual(expect.arrayContaining(['tel', 'sip']));
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
  });

  it('flips the fuses that stop the packaged binary running anything but our archive', async () => {
    const config = await getConfig(root, null, null);
    // Step 1: no way to use the signed binary as a Node.js interpreter or to attach a debugger from outside.
    expect(config.electronFuses, 'electron-builder.yml has no electronFuses').toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
    });
    // Step 2: cookies are encrypted at rest; only app.asar is loaded, and its integrity is checked.
    expect(config.electronFuses).toMatchObject({
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
    // Step 3: the page comes from app://tandem, so file:// needs none of its legacy privileges.
    expect(config.electronFuses).toMatchObject({ grantFileProtocolExtraPrivileges: false });
  });

  it(
    'would refuse a fuse electron-builder does not know',
    async () => {
      // One known key keeps TypeScript's weak-type check quiet; the typo goes through to the schema, as YAML would.
      const withTypo = { electronFuses: { runAsNode: false, runAsNod: false } };
      const config = await getConfig(root, null, withTypo);
      await expect(validateConfiguration(config, new DebugLogger(false))).rejects.toThrow(/does not match the API schema[\s\S]*electronFuses/);
    },
    SCHEMA_TIMEOUT,
  );

  it('ships the icons main loads at run time', async () => {
    const config = await getConfig(root, null, null);
    expect(filePatterns(config)).toContain('assets/*.png');
    for (const icon of ['icon.png', 'tray-offline.png', 'tray-connecting.png', 'tray-online.png']) {
      expect(existsSync(join(root, 'assets', icon)), icon).toBe(true);
    }
  });

  it(
    'would refuse a configuration with a mistake in it',
    async () => {
      // Not an object literal in the call, so TypeScript lets the typo through to the schema, as YAML would.
      const withTypo = { linux: { target: ['AppImage'], iconn: 'typo.png' } };
      const config = await getConfig(root, null, withTypo);
      await expect(validateConfiguration(config, new DebugLogger(false))).rejects.toThrow(/does not match the API schema[\s\S]*configuration\.linux/);
    },
    SCHEMA_TIMEOUT,
  );
});
