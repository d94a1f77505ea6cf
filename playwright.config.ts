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
    {
      name: 'e2e',
      testDir: 'tests/e2e',
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: process.env['TANDEM_CHROMIUM'] ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
        screenshot: 'only-on-failure',
        trace: 'retain-on-failure',
      },
    },
    { name: 'electron', testDir: 'tests/electron' },
  ],
});
