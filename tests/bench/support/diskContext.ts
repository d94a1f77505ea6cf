/**
 * A browser context whose IndexedDB lives on disk, as the desk's does.
 *
 * `browser.newContext()` is an incognito context: Chromium keeps its IndexedDB in memory, and
 * that store slows down as it grows. Measured on 4 Dec 2026 (load average 15), 10 000-customer
 * `bulkPut` chunks took 3.6 s at first and 16.7 s by the sixth in memory, a flat 3.4–4.2 s on
 * disk; the context bench's seeding never reached 1 000 000 interactions in memory. So the
 * benches that seed a big history open a persistent context in a throwaway profile folder
 * (removed on close), with the bench config's Chromium and flags.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../../playwright.config';

export interface DiskContext {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

export async function openDiskContext(viewport: { width: number; height: number }): Promise<DiskContext> {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-bench-profile-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env['TANDEM_CHROMIUM'] ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    viewport,
  });
  return {
    context,
    async close() {
      await context.close().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
