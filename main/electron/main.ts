/**
 * The desktop shell's entry (bundled to out/main/electron.cjs). It owns the
 * Electron-specific parts only (windows, tray, menu, OS links, safeStorage,
 * power events) and hands everything else to `main/core`, the same services
 * the browser host runs.
 *
 * Order matters: the sandbox and the single-instance lock come before
 * anything else, link handlers are registered before `ready` (macOS delivers
 * `open-url` early), and the webContents guards exist before the first window.
 */
import { app, globalShortcut, Notification, protocol, safeStorage, session, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import { createCore, type Core } from '../core/app/createCore';
import { createConsoleLogger, type Logger } from '../core/log/logger';
import { loadProfile, ProfileError, profilePathFrom } from '../core/profile/loadProfile';
import { Profile, shortcutsOf } from '../core/profile/profileSchema';
import { JsonPreferencesStore } from '../core/settings/preferencesStore';
import { registerAppScheme, serveApp } from './appProtocol';
import { createElectronNotifier } from './electronNotifier';
import { registerGlobalShortcuts } from './globalShortcuts';
import { createIpcBridge } from './ipc';
import { installAppMenu } from './menu';
import { appFiles } from './paths';
import { electronPowerEvents } from './powerEvents';
import { DIAL_SCHEMES, ProtocolLinks } from './protocolLinks';
import { SafeStorageSecretStore } from './safeStorageSecretStore';
import { guardAllWebContents, hardenSession } from './security';
import { createDeskTray, type DeskTray } from './tray';
import { createElectronWindowAttention } from './windowAttention';
import { createMainWindow, loadPage, loadSupervisorPage, revealWindow } from './window';

const EXIT_BAD_PROFILE = 2;

async function readProfile(): Promise<Profile> {
  const file = profilePathFrom(process.argv, process.env);
  // Without a profile the agent starts with defaults and configures nothing secret.
  return file === undefined ? Profile.parse({}) : loadProfile(file);
}

/**
 * Registering makes the OS send tel:/sip: links to us. Only the packaged app
 * does it: in development it would make the bare `electron` binary the
 * system's phone-link handler. Linux packages also declare the schemes in
 * their .desktop file (electron-builder.yml `protocols`).
 */
function registerAsDialHandler(log: Logger): void {
  if (!app.isPackaged) return;
  for (const scheme of DIAL_SCHEMES) {
    if (!app.setAsDefaultProtocolClient(scheme)) log.warn('could not register as link handler', { scheme });
  }
}

function watchPower(log: Logger, core: Core): void {
  const power = electronPowerEvents();
  // A REGISTER binding and a WebSocket rarely survive a sleep: re-register at once instead of waiting for a timer.
  power.on('resume', () => {
    log.info('system resumed');
    core.softphone.networkChanged();
  });
  power.on('suspend', () => log.info('system suspending'));
  power.on('lock-screen', () => log.info('screen locked'));
  power.on('unlock-screen', () => log.info('screen unlocked'));
}

async function main(): Promise<void> {
  app.enableSandbox();
  // app://tandem must be privileged before `ready`: the page gets a secure origin of its own instead of file://.
  registerAppScheme(protocol);
  app.setAppUserModelId('com.tandem.desk');
  // Tests and kiosk set-ups pass --user-data-dir; honour it before anything reads userData (the lock included).
  const userDataDir = app.commandLine.getSwitchValue('user-data-dir');
  if (userDataDir !== '') app.setPath('userData', userDataDir);

  if (!app.requestSingleInstanceLock()) {
    // The running instance gets our argv through `second-instance`.
    app.quit();
    return;
  }

  const log = createConsoleLogger('electron');
  const files = appFiles();
  const links = new ProtocolLinks(log);
  let window: BrowserWindow | undefined;

  app.on('second-instance', (_event, argv) => {
    if (window !== undefined) revealWindow(window);
    links.openFromArgv(argv);
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    links.open(url);
  });
  links.openFromArgv(process.argv);
  guardAllWebContents(files.pageUrl, log);

  let profile: Profile;
  try {
    profile = await readProfile();
  } catch (error) {
    if (!(error instanceof ProfileError)) throw error;
    process.stderr.write(`${error.message}\n`);
    app.exit(EXIT_BAD_PROFILE);
    return;
  }

  await app.whenReady();
  serveApp(protocol, files.rendererDir, log);
  hardenSession(session.defaultSession, files.pageUrl, log);
  registerAsDialHandler(log);

  const userData = app.getPath('userData');
  const show = (): void => {
    if (window !== undefined) revealWindow(window);
  };
  // Decided now that the app is ready: on Linux without a keyring, secrets are kept for this run only.
  const secrets = new SafeStorageSecretStore(join(userData, 'secrets.json'), log, safeStorage);
  const core: Core = await createCore({
    profile,
    secrets,
    preferences: new JsonPreferencesStore(join(userData, 'preferences.json')),
    shell: 'electron',
    version: app.getVersion(),
    log,
    dataDir: userData,
    desktopAlerts: { notifier: createElectronNotifier(Notification, process.platform, log), focusWindow: show },
    windowAttention: createElectronWindowAttention(() => window, app),
    notices: secrets.persistent ? [] : ['secrets-not-saved'],
    openSupervisorWindow: () => openSupervisor(),
  });
  links.attach(core.dials);
  const ipc = createIpcBridge(core, files.pageUrl, log);

  const quit = (): void => app.quit();
  const menuOptions = { isMac: process.platform === 'darwin', isPackaged: app.isPackaged };
  installAppMenu(core.i18n, { quit }, menuOptions);
  let tray: DeskTray | undefined;
  try {
    tray = createDeskTray(files.assets, core.i18n, { show, quit });
  } catch (error) {
    // Some Linux desktops have no tray; the app works without it.
    log.warn('no tray icon', { error: error instanceof Error ? error.message : String(error) });
  }
  core.events.on('connection:state', ({ state }) => tray?.setConnectionState(state));
  core.events.on('settings:changed', () => {
    // The language may have changed: main's translator already switched.
    installAppMenu(core.i18n, { quit }, menuOptions);
    tray?.refresh();
  });
  watchPower(log, core);
  // Pressed in another app: the desk does it; the two that move the cursor into the desk bring its window up too.
  const releaseShortcuts = profile.globalShortcuts
    ? registerGlobalShortcuts(
        globalShortcut,
        shortcutsOf(profile),
        (action) => {
          if (action === 'focusDial' || action === 'transfer') show();
          core.events.emit('shortcut:pressed', { action });
        },
        log,
      )
    : () => undefined;

  const openWindow = async (): Promise<void> => {
    const created = createMainWindow(files, core.i18n.t('app.name'));
    window = created;
    ipc.attach(created);
    created.on('closed', () => {
      if (window === created) window = undefined;
    });
    await loadPage(created, files);
  };

  // One supervisor window at most: asking again brings it forward.
  let supervisorWindow: BrowserWindow | undefined;
  const openSupervisor = (): void => {
    if (supervisorWindow !== undefined) {
      revealWindow(supervisorWindow);
      return;
    }
    const created = createMainWindow(files, core.i18n.t('supervisor.windowTitle'), { width: 1440, height: 900 });
    supervisorWindow = created;
    ipc.attach(created);
    created.on('closed', () => {
      if (supervisorWindow === created) supervisorWindow = undefined;
    });
    loadSupervisorPage(created, files).catch((error: unknown) => log.error('could not open the supervisor view', { error: String(error) }));
  };

  app.on('activate', () => {
    // macOS: clicking the dock icon with no window open makes a new one.
    if (window === undefined) openWindow().catch((error: unknown) => log.error('could not open the window', { error: String(error) }));
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  let disposed = false;
  app.on('will-quit', (event) => {
    if (disposed) return;
    // Give main's services a moment to close connections (unregister, hang up) before the process ends.
    event.preventDefault();
    disposed = true;
    ipc.dispose();
    releaseShortcuts();
    tray?.destroy();
    core
      .dispose()
      .catch((error: unknown) => log.error('shutdown failed', { error: String(error) }))
      .finally(() => app.quit());
  });

  await openWindow();
}

main().catch((error: unknown) => {
  process.stderr.write(`Tandem could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  app.exit(1);
});
