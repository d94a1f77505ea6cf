import { describe, expect, it } from 'vitest';
import {
  decideNavigation,
  decideWindowOpen,
  isExternalUrlAllowed,
  isOwnPage,
  isPermissionAllowed,
  isTrustedSender,
  type PermissionQuery,
} from '../../../main/electron/policy';

const PAGE = 'app://tandem/index.html';
/** Where the same file sits on disk: a window showing it as file:// is not showing our page. */
const SAME_FILE = 'file:///opt/Tandem/resources/app.asar/out/renderer/index.html';

describe('which document is ours', () => {
  it('recognises the renderer page, with or without an in-page anchor', () => {
    expect(isOwnPage(PAGE, PAGE)).toBe(true);
    expect(isOwnPage(`${PAGE}#calls`, PAGE)).toBe(true);
    expect(isOwnPage('app://tandem/assets/../index.html', PAGE)).toBe(true);
  });

  it('treats every other document as foreign, whatever it imitates', () => {
    for (const url of [
      SAME_FILE,
      'app://tandem/other.html',
      'app://tandem/',
      'app://evil/index.html',
      'app://tandem:8080/index.html',
      'app://user@tandem/index.html',
      'file:///etc/passwd',
      `${PAGE}?debug=1`,
      'file://tandem/index.html',
      'https://tandem/index.html',
      'https://example.com/opt/Tandem/resources/app.asar/out/renderer/index.html',
      'http://127.0.0.1:5173/index.html',
      'data:text/html,<h1>hi</h1>',
      'javascript:alert(1)',
      'about:blank',
      '',
      'not a url',
    ]) {
      expect(isOwnPage(url, PAGE), url).toBe(false);
    }
  });

  it('refuses a path that only looks like ours after decoding tricks', () => {
    expect(isOwnPage('app://tandem/index.html%00.png', PAGE)).toBe(false);
    expect(isOwnPage('app://tandem/assets/%2e%2e/index.html', PAGE)).toBe(true);
    expect(isOwnPage('app://tandem/%2e%2e/secret/index.html', PAGE)).toBe(false);
    expect(isOwnPage('app://tandem/assets/..%2findex.html', PAGE)).toBe(false);
  });

  it('has no page at all when the shell is pointed at a file:// page', () => {
    expect(isOwnPage(SAME_FILE, SAME_FILE)).toBe(false);
  });
});

describe('links the agent clicks', () => {
  it('opens web pages and mail addresses in the OS', () => {
    expect(isExternalUrlAllowed('https://bsky.app/profile/acmecorp.test')).toBe(true);
    expect(isExternalUrlAllowed('mailto:support@example.com')).toBe(true);
  });

  it('never hands the OS anything that could run code or hide where it goes', () => {
    for (const url of [
      'http://example.com',
      'file:///usr/bin/xterm',
      'javascript:alert(1)',
      'smb://server/share',
      'ms-msdt:/id',
      'tel:+15550100',
      'https://bank.example@evil.example/',
      'https://user:pw@example.com/',
      'https:',
      'nonsense',
    ]) {
      expect(isExternalUrlAllowed(url), url).toBe(false);
    }
  });

  it('lets a window stay on our page, sends safe links out, and blocks the rest', () => {
    expect(decideNavigation(`${PAGE}#history`, PAGE)).toEqual({ action: 'allow' });
    expect(decideNavigation('https://example.com/', PAGE)).toEqual({ action: 'open-externally', url: 'https://example.com/' });
    expect(decideNavigation('file:///etc/passwd', PAGE)).toEqual({ action: 'block' });
    expect(decideNavigation(SAME_FILE, PAGE)).toEqual({ action: 'block' });
    expect(decideNavigation('app://tandem/bridge.js', PAGE)).toEqual({ action: 'block' });
    expect(decideNavigation('http://127.0.0.1:9/', PAGE)).toEqual({ action: 'block' });
  });

  it('never opens a window: window.open at most opens a safe link in the OS', () => {
    expect(decideWindowOpen('https://example.com/')).toEqual({ openExternally: true });
    expect(decideWindowOpen(PAGE)).toEqual({ openExternally: false });
    expect(decideWindowOpen('about:blank')).toEqual({ openExternally: false });
  });
});

describe('permissions a page asks for', () => {
  const microphone: PermissionQuery = { permission: 'media', requestingUrl: PAGE, isMainFrame: true, mediaTypes: ['audio'] };

  it('grants our page the microphone, which the softphone needs', () => {
    expect(isPermissionAllowed(microphone, PAGE)).toBe(true);
    expect(isPermissionAllowed({ ...microphone, requestingUrl: `${PAGE}#calls` }, PAGE)).toBe(true);
  });

  it('grants it only on the origin app://tandem: not to the same file opened as file://, nor to another app: host', () => {
    expect(isPermissionAllowed({ ...microphone, requestingUrl: SAME_FILE }, PAGE)).toBe(false);
    expect(isPermissionAllowed({ ...microphone, requestingUrl: 'app://evil/index.html' }, PAGE)).toBe(false);
    expect(isPermissionAllowed({ ...microphone, requestingUrl: 'file:///etc/passwd' }, PAGE)).toBe(false);
  });

  it('refuses the camera, even together with the microphone', () => {
    expect(isPermissionAllowed({ ...microphone, mediaTypes: ['video'] }, PAGE)).toBe(false);
    expect(isPermissionAllowed({ ...microphone, mediaTypes: ['audio', 'video'] }, PAGE)).toBe(false);
    expect(isPermissionAllowed({ ...microphone, mediaTypes: ['unknown'] }, PAGE)).toBe(false);
  });

  it('refuses media when it is not said which, or when a foreign page or a subframe asks', () => {
    expect(isPermissionAllowed({ ...microphone, mediaTypes: [] }, PAGE)).toBe(false);
    expect(isPermissionAllowed({ ...microphone, mediaTypes: undefined }, PAGE)).toBe(false);
    expect(isPermissionAllowed({ ...microphone, requestingUrl: 'https://evil.example/' }, PAGE)).toBe(false);
    expect(isPermissionAllowed({ ...microphone, requestingUrl: undefined }, PAGE)).toBe(false);
    expect(isPermissionAllowed({ ...microphone, isMainFrame: false }, PAGE)).toBe(false);
  });

  it('refuses everything else, even to our own page', () => {
    for (const permission of ['notifications', 'geolocation', 'clipboard-read', 'display-capture', 'openExternal', 'midiSysex', 'hid', 'fileSystem']) {
      expect(isPermissionAllowed({ ...microphone, permission }, PAGE), permission).toBe(false);
    }
  });
});

describe('who may call main over IPC', () => {
  it('accepts our page in the main frame of our window', () => {
    expect(isTrustedSender({ frameUrl: PAGE, isMainFrame: true, isOurWindow: true }, PAGE)).toBe(true);
  });

  it('refuses subframes, foreign pages, frames that are gone and other webContents', () => {
    expect(isTrustedSender({ frameUrl: PAGE, isMainFrame: false, isOurWindow: true }, PAGE)).toBe(false);
    expect(isTrustedSender({ frameUrl: 'https://evil.example/', isMainFrame: true, isOurWindow: true }, PAGE)).toBe(false);
    expect(isTrustedSender({ frameUrl: SAME_FILE, isMainFrame: true, isOurWindow: true }, PAGE)).toBe(false);
    expect(isTrustedSender({ frameUrl: undefined, isMainFrame: true, isOurWindow: true }, PAGE)).toBe(false);
    expect(isTrustedSender({ frameUrl: PAGE, isMainFrame: true, isOurWindow: false }, PAGE)).toBe(false);
  });
});
