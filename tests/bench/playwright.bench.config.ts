import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../playwright.config';

/**
 * `npm run bench` (through tests/bench/run.sh): the benches, one worker,
 * Debian's Chromium with the same flags as the e2e suite. They print
 * figures; they fail only when a scenario breaks.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '*.bench.ts',
  outputDir: '../../test-results/bench/playwright',
  reporter: 'list',
  forbidOnly: true,
  retries: 0,
  workers: 1,
  timeout: 10 * 60_000,
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env['TANDEM_CHROMIUM'] ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    },
    trace: 'off',
  },
});
