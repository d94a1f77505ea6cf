/**
 * Answer click → first inbound RTP, Tandem beside a bare sip.js page, in one
 * run on one path (issue 14 item 1): real Kamailio + rtpengine, baresip as
 * the customer calling, the real browser host (out/main/web.cjs) with its
 * renderer, and `support/barePage.ts` (sip.js's own Web SDH in the same
 * Chromium) registered to the same Kamailio. Calls alternate between the two
 * desks, so load on this shared machine falls on both alike.
 *
 * Part 2 stresses the early answer: the Tandem desk answers N calls at a
 * random 0–50 ms after their Answer button appeared — while the media
 * prepared for the ringing call is still being made — and counts the calls
 * that got inbound RTP. A count, not an assertion: the bench fails only when
 * a scenario itself breaks (no ringing, no Answer button).
 *
 * The side-by-side table (issue 14 item 5; support/sideBySide.ts) puts every
 * figure the desks can be measured on next to each other: page load →
 * registered, far end dials → Answer in the DOM, Answer click → first
 * inbound RTP, Call click → far end ringing, and each page's DOM size and JS
 * heap after the same calls. With BENCH_BROWSER_PHONE (a checkout of
 * Browser-Phone; support/browserPhoneHost.ts) Browser-Phone registers as a
 * third desk and takes its turn after the bare page's in every loop.
 *
 * Knobs (env): BENCH_ANSWER_CALLS (per desk, default 30), BENCH_ANSWER_LOADS
 * (page loads per desk, 10), BENCH_ANSWER_OUTBOUND (outbound calls per desk,
 * 15), BENCH_RACE_CALLS (40), BENCH_RACE_MAX_DELAY_MS (50), BENCH_OUT (the
 * build to run, default out; `out-before` compares another build on the same run),
 * BENCH_BROWSER_PHONE (a Browser-Phone checkout; unset, its column reads n/a).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { test, type Page } from '@playwright/test';
import { startBaresip } from '../peers/baresip';
import { startKamailio } from '../peers/kamailio';
import { assertLoopbackOnly } from '../peers/netns';
import { startRtpengine } from '../peers/rtpengine';
import type { BarePage, BareRtpTiming } from './support/barePage';
import { openDesk, pageMemory, uptime } from './support/answerPages';
import { loadBarePage, openBarePage, serveBarePage } from './support/barePageHost';
import {
  browserPhoneNotes,
  browserPhoneSource,
  loadBrowserPhone,
  openBrowserPhone,
  screenshotBrowserPhone,
  serveBrowserPhone,
} from './support/browserPhoneHost';
import { startBenchHost, wallNow } from './support/host';
import type { BenchProbe } from './support/pageProbe';
import { sideBySideTable, type BrowserPhoneColumn, type SideBySideRow } from './support/sideBySide';
import { percentile } from './support/stats';
import { Timeline, type Step } from './support/timeline';
import { knob } from './support/knob';

const USERS = { ana: '1001', bare: '1009', browserPhone: '1010', customer: '2125550123', callee: '2125550188' } as const;
const PASSWORDS: Readonly<Record<string, string>> = {
  '1001': 'pw-ana',
  '1009': 'pw-bare',
  '1010': 'pw-browser-phone',
  '2125550123': 'pw-customer',
  '2125550188': 'pw-callee',
};
const SCREENSHOTS = 'test-results/screenshots';

const CALLS = knob('BENCH_ANSWER_CALLS', 30);
const LOADS = knob('BENCH_ANSWER_LOADS', 10);
const OUTBOUND = knob('BENCH_ANSWER_OUTBOUND', 15);
const RACE = knob('BENCH_RACE_CALLS', 40);
const RACE_MAX_DELAY_MS = knob('BENCH_RACE_MAX_DELAY_MS', 50);
const RACE_MIN_DELAY_MS = Math.min(knob('BENCH_RACE_MIN_DELAY_MS', 0), RACE_MAX_DELAY_MS);
/** A person's answer: the preparation made while the phone rang is complete by then. */
const HUMAN = knob('BENCH_HUMAN_CALLS', 20);
const HUMAN_DELAYS_MS = [400, 800] as const;
const OUT_DIR = 'test-results/bench';
/** BENCH_TRACE=n: a Chrome trace (timeline + JS samples) of the desk's first n side-by-side answers, test-results/bench/answer-trace-*.json. */
const TRACES = knob('BENCH_TRACE', 0);
const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'blink.user_timing',
  'v8.execute',
  'disabled-by-default-v8.cpu_profiler',
  'toplevel',
  'webrtc',
];

function log(line: string): void {
  process.stdout.write(`[bench] ${line}\n`);
}

const fmt = (samples: number[], p: number): string => (samples.length === 0 ? '—' : percentile(samples, p).toFixed(0));

test('answer → first inbound RTP: Tandem beside a bare sip.js page', async ({ browser }) => {
  test.setTimeout(15 * 60_000);
  assertLoopbackOnly();
  await mkdir(OUT_DIR, { recursive: true });
  const cleanups: (() => Promise<unknown>)[] = [];
  const lines: string[] = [];
  const loads: string[] = [`start: ${uptime()}`];
  const sideBySide: SideBySideRow[] = [];
  const browserPhoneSide = browserPhoneSource();
  let browserPhoneColumn: BrowserPhoneColumn = 'dir' in browserPhoneSide ? { absent: 'Browser-Phone: n/a — the run ended before its rows' } : browserPhoneSide;
  try {
    const rtpengine = await startRtpengine();
    cleanups.push(() => rtpengine.stop());
    const kamailio = await startKamailio({ users: PASSWORDS, withRtpengine: { ngPort: rtpengine.ngPort } });
    cleanups.push(() => kamailio.stop());
    const registrar = { host: kamailio.host, udpPort: kamailio.udpPort };
    const customer = await startBaresip({ user: USERS.customer, password: PASSWORDS[USERS.customer]!, registrar, displayName: 'Lucía Fernández' });
    cleanups.push(() => customer.stop());
    // The far end of the outbound calls: it rings (CALL_INCOMING) and waits, as a person would.
    const callee = await startBaresip({ user: USERS.callee, password: PASSWORDS[USERS.callee]!, registrar, answerMode: 'manual' });
    cleanups.push(() => callee.stop());

    const ana = await startBenchHost({
      agent: { name: 'Ana Ruiz', role: 'agent' },
      sip: {
        server: kamailio.wsUrl,
        uri: `sip:${USERS.ana}@${kamailio.domain}`,
        authorizationUser: USERS.ana,
        password: PASSWORDS[USERS.ana],
        displayName: 'Ana Ruiz',
        defaultRegion: 'US',
        iceServers: [],
      },
    });
    cleanups.push(() => ana.stop());
    const desk = await openDesk(browser, ana);
    cleanups.push(() => desk.context().close());
    const server = await serveBarePage();
    cleanups.push(() => server.close());
    const bare = await openBarePage(browser, kamailio, server.url, USERS.bare, PASSWORDS[USERS.bare]!);
    cleanups.push(() => bare.context().close());
    // Browser-Phone (BENCH_BROWSER_PHONE), a third desk taking its turn after the bare page's.
    let phone: { page: Page; url: string } | null = null;
    if ('dir' in browserPhoneSide) {
      const phoneServer = await serveBrowserPhone(browserPhoneSide.dir);
      cleanups.push(() => phoneServer.close());
      const page = await openBrowserPhone(browser, browserPhoneSide.dir, kamailio, phoneServer.url, {
        user: USERS.browserPhone,
        password: PASSWORDS[USERS.browserPhone]!,
      });
      cleanups.push(() => page.context().close());
      phone = { page, url: phoneServer.url };
    }

    // ------------------------------------------------------------ 0. page load → registered, alternating
    const tandemLoads: number[] = [];
    const bareLoads: number[] = [];
    const phoneLoads: number[] = [];
    for (let i = 0; i < LOADS; i += 1) {
      await desk.goto(`${ana.origin}/?debug=media`);
      const registered = await desk.waitForFunction(
        () => (Reflect.get(window, '__bench') as BenchProbe | undefined)?.registration.find((mark) => mark.state === 'Registered')?.sinceNavigation ?? false,
        undefined,
        { timeout: 15_000, polling: 5 },
      );
      tandemLoads.push((await registered.jsonValue()) as number);
      bareLoads.push(await loadBarePage(bare, kamailio, server.url, USERS.bare, PASSWORDS[USERS.bare]!));
      if (phone !== null) phoneLoads.push(await loadBrowserPhone(phone.page, phone.url));
    }
    log(`page load → registered: Tandem p50 ${fmt(tandemLoads, 50)} ms, bare ${fmt(bareLoads, 50)} ms, Browser-Phone ${fmt(phoneLoads, 50)} ms`);
    const probe = await desk.evaluateHandle(() => Reflect.get(window, '__bench') as BenchProbe);
    // Where Tandem's answer spends its time (the page probe's stamps: contract frames, WebRTC calls, getUserMedia).
    const answerTimeline = new Timeline('Tandem, answered as the Answer button shows (t=0: the Answer click)');

    /** One call from the customer to `user`, answered as soon as the page shows Answer: dial → Answer in DOM, click → first RTP (ms). */
    const callOnce = async (page: Page, user: string): Promise<{ answerVisible: number; rtp: number; ssrc: number | null }> => {
      const lastSeq = customer.events.at(-1)?.seq ?? 0;
      if (page === desk) await probe.evaluate((b) => b.resetTrace());
      const seen = await page.evaluate(() => ((Reflect.get(window, '__bench') ?? Reflect.get(window, '__bare')) as { answersSeen(): number }).answersSeen());
      const dialAt = wallNow();
      await customer.dial(`sip:${user}@${kamailio.domain}`);
      await page.waitForFunction(
        (n) => ((Reflect.get(window, '__bench') ?? Reflect.get(window, '__bare')) as { answersSeen(): number }).answersSeen() > n,
        seen,
        {
          timeout: 10_000,
          polling: 5,
        },
      );
      const timing = await page.evaluate(() =>
        ((Reflect.get(window, '__bench') ?? Reflect.get(window, '__bare')) as { answerAndTimeRtp(ms: number): Promise<BareRtpTiming> }).answerAndTimeRtp(
          10_000,
        ),
      );
      const established = await customer.waitForEvent('CALL_ESTABLISHED', { after: lastSeq });
      if (page === desk) {
        const steps: Step[] = await probe.evaluate((b) => b.trace.slice());
        steps.push({ at: established.receivedAt, what: 'baresip CALL_ESTABLISHED (Node)' });
        answerTimeline.add(timing.clickAt, steps);
      }
      await customer.hangup();
      await customer.waitForEvent('CALL_CLOSED', { after: lastSeq });
      await page.waitForFunction(
        () => ((Reflect.get(window, '__bench') ?? Reflect.get(window, '__bare')) as { callCount(): number }).callCount() === 0,
        undefined,
        {
          timeout: 10_000,
          polling: 10,
        },
      );
      const answerAt = await page.evaluate(() => {
        const tandemProbe = Reflect.get(window, '__bench') as BenchProbe | undefined;
        return tandemProbe === undefined ? (Reflect.get(window, '__bare') as BarePage).lastAnswerAt() : (tandemProbe.lastAnswer()?.at ?? null);
      });
      return {
        answerVisible: (answerAt ?? Number.NaN) - dialAt,
        rtp: timing.statsAt - timing.clickAt,
        ssrc: timing.ssrcAt === null ? null : timing.ssrcAt - timing.clickAt,
      };
    };

    // ------------------------------------------------------------ 1. side by side, alternating
    const tandem: number[] = [];
    const baseline: number[] = [];
    const tandemAnswerVisible: number[] = [];
    const bareAnswerVisible: number[] = [];
    const tandemSsrc: number[] = [];
    const bareSsrc: number[] = [];
    const phoneCalls = { rtp: [] as number[], answerVisible: [] as number[], ssrc: [] as number[] };
    if (phone !== null) {
      const lastSeq = customer.events.at(-1)?.seq ?? 0;
      await mkdir(SCREENSHOTS, { recursive: true });
      await screenshotBrowserPhone(
        phone.page,
        SCREENSHOTS,
        () => customer.dial(`sip:${USERS.browserPhone}@${kamailio.domain}`),
        async () => (await customer.hangup(), await customer.waitForEvent('CALL_CLOSED', { after: lastSeq })),
      );
    }
    for (let i = 0; i < CALLS; i += 1) {
      if (i < TRACES) await browser.startTracing(desk, { categories: TRACE_CATEGORIES });
      const ours = await callOnce(desk, USERS.ana);
      if (i < TRACES) await writeFile(`${OUT_DIR}/answer-trace-${i}.json`, await browser.stopTracing());
      tandem.push(ours.rtp);
      tandemAnswerVisible.push(ours.answerVisible);
      if (ours.ssrc !== null) tandemSsrc.push(ours.ssrc);
      const theirs = await callOnce(bare, USERS.bare);
      baseline.push(theirs.rtp);
      bareAnswerVisible.push(theirs.answerVisible);
      if (theirs.ssrc !== null) bareSsrc.push(theirs.ssrc);
      if (phone !== null) {
        const its = await callOnce(phone.page, USERS.browserPhone);
        phoneCalls.rtp.push(its.rtp);
        phoneCalls.answerVisible.push(its.answerVisible);
        if (its.ssrc !== null) phoneCalls.ssrc.push(its.ssrc);
      }
      if ((i + 1) % 10 === 0) log(`${i + 1}/${CALLS} calls per desk`);
    }

    // ------------------------------------------------------------ 1b. Call click → far end ringing, alternating
    /** One outbound call to the callee (baresip, answering by hand: it rings and waits); ms from the click to its CALL_INCOMING, then the page hangs up. */
    const dialOnce = async (page: Page, click: () => Promise<number>, hangUp: () => Promise<unknown>): Promise<number> => {
      const lastSeq = callee.events.at(-1)?.seq ?? 0;
      const clickAt = await click();
      const ring = await callee.waitForEvent('CALL_INCOMING', { after: lastSeq });
      await hangUp();
      await callee.waitForEvent('CALL_CLOSED', { after: lastSeq });
      await page.waitForFunction(
        () => ((Reflect.get(window, '__bench') ?? Reflect.get(window, '__bare')) as { callCount(): number }).callCount() === 0,
        undefined,
        { timeout: 10_000, polling: 10 },
      );
      return ring.receivedAt - clickAt;
    };
    const tandemRinging: number[] = [];
    const bareRinging: number[] = [];
    const phoneRinging: number[] = [];
    const dialBox = desk.getByRole('combobox', { name: 'Phone number or SIP address' });
    for (let i = 0; i < OUTBOUND; i += 1) {
      tandemRinging.push(
        await dialOnce(
          desk,
          async () => (await dialBox.fill(callee.sipUri), await probe.evaluate((b) => b.clickCall())),
          () => probe.evaluate((b) => b.clickHangup()),
        ),
      );
      bareRinging.push(
        await dialOnce(
          bare,
          () => bare.evaluate((uri) => (Reflect.get(window, '__bare') as BarePage).call(uri), callee.sipUri),
          () => bare.evaluate(() => (Reflect.get(window, '__bare') as BarePage).hangupAll()),
        ),
      );
      // Browser-Phone's probe answers to the bare page's calls (browserPhonePage.ts).
      if (phone !== null) {
        const page = phone.page;
        phoneRinging.push(
          await dialOnce(
            page,
            () => page.evaluate((uri) => (Reflect.get(window, '__bare') as BarePage).call(uri), callee.sipUri),
            () => page.evaluate(() => (Reflect.get(window, '__bare') as BarePage).hangupAll()),
          ),
        );
      }
    }
    const tandemMemory = await pageMemory(desk);
    const bareMemory = await pageMemory(bare);
    const phoneMemory = phone === null ? null : await pageMemory(phone.page);
    loads.push(`after side by side: ${uptime()}`);
    const afterCalls = `after ${CALLS} inbound + ${OUTBOUND} outbound calls`;
    sideBySide.push(
      { figure: 'page load → registered', unit: 'ms', tandem: tandemLoads, bare: bareLoads, browserPhone: phoneLoads },
      { figure: 'far end dials → Answer in DOM', unit: 'ms', tandem: tandemAnswerVisible, bare: bareAnswerVisible, browserPhone: phoneCalls.answerVisible },
      { figure: 'Answer click → first inbound RTP', unit: 'ms', tandem, bare: baseline, browserPhone: phoneCalls.rtp, target: '≤ 1.20' },
      { figure: 'Answer click → first inbound packet (synchronization source)', unit: 'ms', tandem: tandemSsrc, bare: bareSsrc, browserPhone: phoneCalls.ssrc },
      { figure: 'Call click → far end ringing', unit: 'ms', tandem: tandemRinging, bare: bareRinging, browserPhone: phoneRinging },
      {
        figure: `DOM elements ${afterCalls}`,
        unit: 'elements',
        tandem: [tandemMemory.dom],
        bare: [bareMemory.dom],
        browserPhone: phoneMemory === null ? [] : [phoneMemory.dom],
      },
      {
        figure: `page JS heap after GC, ${afterCalls}`,
        unit: 'MB',
        tandem: [tandemMemory.heapMb],
        bare: [bareMemory.heapMb],
        browserPhone: phoneMemory === null ? [] : [phoneMemory.heapMb],
      },
    );
    if ('dir' in browserPhoneSide) browserPhoneColumn = { notes: browserPhoneNotes(browserPhoneSide.dir) };

    /** `n` calls answered a random `min`–`max` ms after their Answer button appeared (armed in the page). */
    const answerAfter = async (what: string, n: number, [min, max]: readonly [number, number]) => {
      const rtp: number[] = [];
      const misses: string[] = [];
      for (let i = 0; i < n; i += 1) {
        const delay = min + Math.floor(Math.random() * (max - min + 1));
        const lastSeq = customer.events.at(-1)?.seq ?? 0;
        const seen = await probe.evaluate((b) => (b.resetTrace(), b.answersSeen()));
        const armed = probe.evaluate((b, { seen: after, delay: ms }) => b.answerNextAfter(after, ms, 10_000), { seen, delay });
        await customer.dial(`sip:${USERS.ana}@${kamailio.domain}`);
        const result = await armed;
        if (result.ok) rtp.push(result.timing.statsAt - result.timing.clickAt);
        else misses.push(`call ${i + 1} (answered ${delay} ms after ringing): ${result.reason} ${JSON.stringify(result.media)}`);
        await customer.waitForEvent('CALL_ESTABLISHED', { after: lastSeq, timeoutMs: 10_000 }).catch(() => undefined);
        await customer.hangup().catch(() => undefined);
        await customer.waitForEvent('CALL_CLOSED', { after: lastSeq });
        await desk.waitForFunction(() => (Reflect.get(window, '__bench') as BenchProbe).callCount() === 0, undefined, { timeout: 10_000, polling: 10 });
        if ((i + 1) % 10 === 0) log(`${i + 1}/${n} ${what}, ${rtp.length} with inbound RTP`);
      }
      loads.push(`after ${what}: ${uptime()}`);
      return { rtp, misses, counted: `${what} (${min}–${max} ms after the Answer button appeared) with inbound RTP: ${rtp.length}/${n}` };
    };

    // ------------------------------------------------------------ 2. the early answer, N times
    const early = await answerAfter('early answers', RACE, [RACE_MIN_DELAY_MS, RACE_MAX_DELAY_MS]);
    // ------------------------------------------------------------ 3. a person's answer: the media prepared while it rang is ready
    const human = await answerAfter('answers at a person’s pace', HUMAN, HUMAN_DELAYS_MS);

    const p95 = (s: number[]) => percentile(s, 95);
    lines.push(
      '| Answer click → first inbound RTP (ms) | n | p50 | p95 | max |',
      '| --- | --- | --- | --- | --- |',
      `| Tandem (answered as the Answer button shows) | ${tandem.length} | ${fmt(tandem, 50)} | ${fmt(tandem, 95)} | ${fmt(tandem, 100)} |`,
      `| bare sip.js page (same path, same run) | ${baseline.length} | ${fmt(baseline, 50)} | ${fmt(baseline, 95)} | ${fmt(baseline, 100)} |`,
      `| ratio Tandem / bare | | ${(percentile(tandem, 50) / percentile(baseline, 50)).toFixed(2)} | ${(p95(tandem) / p95(baseline)).toFixed(2)} (target ≤ 1.20) | |`,
      `| Tandem answered ${RACE_MIN_DELAY_MS}–${RACE_MAX_DELAY_MS} ms after ringing | ${early.rtp.length} | ${fmt(early.rtp, 50)} | ${fmt(early.rtp, 95)} | ${fmt(early.rtp, 100)} |`,
      `| Tandem answered ${HUMAN_DELAYS_MS[0]}–${HUMAN_DELAYS_MS[1]} ms after ringing (prepared) | ${human.rtp.length} | ${fmt(human.rtp, 50)} | ${fmt(human.rtp, 95)} | ${fmt(human.rtp, 100)} |`,
      `| ratio prepared Tandem / bare (answered at once) | | ${(percentile(human.rtp, 50) / percentile(baseline, 50)).toFixed(2)} | ${(p95(human.rtp) / p95(baseline)).toFixed(2)} | |`,
      '',
      early.counted,
      human.counted,
      '',
      answerTimeline.render(),
      ...[...early.misses, ...human.misses].map((miss) => `  no RTP: ${miss}`),
    );
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    const summary = [
      '',
      `Tandem (${process.env['BENCH_OUT'] ?? 'out'}) beside a bare sip.js page${'dir' in browserPhoneSide ? ' and Browser-Phone' : ''}, same path, same run — ${new Date().toISOString()}`,
      ...loads.map((l) => `  ${l}`),
      '',
      ...(sideBySide.length > 0
        ? [
            'Side by side (ratios = Tandem / bare, Tandem / Browser-Phone; tests/bench/README.md explains each row):',
            '',
            sideBySideTable(sideBySide, browserPhoneColumn),
            '',
          ]
        : []),
      'Answer click → first inbound RTP in detail:',
      '',
      ...lines,
      '',
    ].join('\n');
    process.stdout.write(summary);
    await writeFile(`${OUT_DIR}/answer-summary.txt`, summary);
  }
});
