import { join } from 'node:path';
import { createCore } from '../core/app/createCore';
import { createConsoleLogger } from '../core/log/logger';
import { loadProfile, ProfileError, profilePathFrom } from '../core/profile/loadProfile';
import { Profile } from '../core/profile/profileSchema';
import { MemorySecretStore } from '../core/secrets/secretStore';
import { JsonPreferencesStore } from '../core/settings/preferencesStore';
import { noWindowAttention } from '../core/alerts/windowAttention';
import { browserHostNotifier } from './browserNotifier';
import { dataDirFrom, portFrom } from './hostArgs';
import { hostNameFor } from './hostName';
import { DEFAULT_WEB_PORT, startWebHost } from './webHost';
import { launchToken } from './webToken';
import { keepServingWhenOutputCloses } from './closedOutput';

/**
 * `npm run web`: main's services plus the renderer, served to a browser on
 * 127.0.0.1 under this data folder's `*.localhost` name. Prints the address
 * to open on stdout (one line, for scripts): the name and a single-use launch
 * code, never the token.
 */
async function main(): Promise<void> {
  keepServingWhenOutputCloses([process.stdout, process.stderr]);
  const log = createConsoleLogger('web');
  const argv = process.argv.slice(2);
  const profileFile = profilePathFrom(argv, process.env);
  const profile = profileFile === undefined ? Profile.parse({}) : await loadProfile(profileFile);
  const dataDir = dataDirFrom(argv, process.env);
  const core = await createCore({
    profile,
    dataDir,
    // Secrets stay in this process's memory: the browser host never writes them down.
    secrets: new MemorySecretStore(),
    preferences: new JsonPreferencesStore(join(dataDir, 'preferences.json')),
    shell: 'web',
    version: process.env['npm_package_version'] ?? '0.1.0',
    log,
    // The page shows call alerts itself; main has no screen of the agent's to put one on.
    desktopAlerts: { notifier: browserHostNotifier, focusWindow: () => undefined },
    // No window of its own to flash: the page's title says a call rings (renderer/src/ringing/bindRingingTitle.ts).
    windowAttention: noWindowAttention,
  });
  const host = await startWebHost({
    core,
    rendererDir: join(__dirname, '..', 'renderer'),
    token: launchToken(process.env),
    hostName: await hostNameFor(dataDir),
    port: portFrom(argv) ?? DEFAULT_WEB_PORT,
    log,
  });
  process.stdout.write(`${host.url}\n`);
  log.info(core.i18n.t('web.listening', { url: `${host.origin}/` }));

  const stop = () => {
    void host
      .close()
      .then(() => core.dispose())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ProfileError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(2);
});
