import { defineConfig } from '@playwright/test';

/**
 * Debian's Chromium (Playwright's own browser download does not work on our
 * machines). The flags keep it off the network and give WebRTC fake audio
 * devices and loopback ICE candidates.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
];

/** e2e files that take a minute or more each (their own worlds of peers and desks). */
const LONGEST_FIRST = ['**/team-history.spec.ts', '**/context.spec.ts', '**/supervisor.spec.ts', '**/team*.spec.ts'];

const E2E_USE = {
  browserName: 'chromium',
  launchOptions: { executablePath: process.env['TANDEM_CHROMIUM'] ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
  screenshot: 'only-on-failure',
  trace: 'retain-on-failure',
} as const;

export default defineConfig({
  outputDir: 'test-results/playwright',
  reporter: [
    ['list'],
    ['./tests/support/failureDigest.ts'],
    ...(process.env['CI'] ? [['html', { open: 'never', outputFolder: 'playwright-report' }] as const] : []),
  ],
  forbidOnly: true,
  retries: 0,
  ...(process.env['CI'] ? { workers: 2 } : {}),
  timeout: 60_000,
  expect: { timeout: 10_000 },
  projects: [
    // One project, split in two so the longest files start first: Playwright hands files to
    // workers in project order, then by name, and the slow two-desk worlds (team-*,
    // supervisor, context) would otherwise form a tail on CI's two workers.
    { name: 'e2e', testDir: 'tests/e2e', testMatch: LONGEST_FIRST, use: E2E_USE },
    { name: 'e2e', testDir: 'tests/e2e', testIgnore: LONGEST_FIRST, use: E2E_USE },
    { name: 'electron', testDir: 'tests/electron' },
  ],
});
