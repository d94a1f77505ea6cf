/**
 * The answer bench's (answer.bench.ts) page helpers shared by its desks: opening Tandem's desk with
 * the page probe, each page's DOM size and heap after the calls, and the machine's load for the
 * summary (the machine is shared, so every figure carries the load it was taken under).
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import type { Browser, Page } from '@playwright/test';
import type { BenchHost } from './host';
import { installBenchProbe } from './pageProbe';

export async function openDesk(browser: Browser, host: BenchHost): Promise<Page> {
  const context = await browser.newContext();
  await context.addInitScript(installBenchProbe);
  const page = await context.newPage();
  await page.goto(host.url);
  await page.goto(`${host.origin}/?debug=media`);
  await page.getByRole('status', { name: 'Phone line' }).getByText('Registered').waitFor({ timeout: 15_000 });
  return page;
}

export const uptime = (): string => {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return `load average: ${loadavg()
      .map((n) => n.toFixed(2))
      .join(', ')}`;
  }
};

/** After two forced GCs: the page's JS heap (MB) and its element count. */
export async function pageMemory(page: Page): Promise<{ heapMb: number; dom: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return { heapMb: usage.usedSize / 1_048_576, dom: await page.evaluate(() => document.getElementsByTagName('*').length) };
}
