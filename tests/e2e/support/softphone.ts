/**
 * The softphone's end-to-end world: rtpengine + Kamailio (SIP over WebSocket
 * for the agents, UDP for the phones, media anchored by rtpengine) and baresip
 * as the customer's phone, sending a tone so audio is proven at both ends.
 * Each agent is a real browser host (`out/main/web.cjs`) with its own profile,
 * opened in Chromium with fake audio devices and the media debug hook.
 * With `test.use({ sipOverWss: true })` the hosts reach Kamailio over
 * `wss://`, trusting a throwaway CA made for the test (tests/peers/tlsCa.ts).
 *
 * Run inside a loopback-only namespace:
 *   npm run build && unshare -n bash -c 'ip link set lo up && npx playwright test --project e2e tests/e2e/softphone.spec.ts'
 */
import type { Browser, Page } from '@playwright/test';
import { startBaresip, type Baresip } from '../../peers/baresip';
import { startKamailio, type Kamailio } from '../../peers/kamailio';
import { assertLoopbackOnly } from '../../peers/netns';
import { startRtpengine, type Rtpengine } from '../../peers/rtpengine';
import { makeTestCa, type TestCa } from '../../peers/tlsCa';
import { expect, startHost, test as base, type TandemHost } from '../fixtures';

/** SIP users Kamailio knows. The customer's user part is a US number: the desk shows +12125550123. */
export const USERS = {
  ana: '1001',
  ben: '1002',
  customer: '2125550123',
  colleague: '1003',
} as const;
export const PASSWORDS: Readonly<Record<string, string>> = { '1001': 'pw-ana', '1002': 'pw-ben', '2125550123': 'pw-customer', '1003': 'pw-colleague' };

export interface Agent {
  readonly name: string;
  readonly user: string;
  readonly host: TandemHost;
  readonly page: Page;
}

/** A teammate in the agent's profile (`team.roster`): what the dial box offers by name. */
export interface TeamMember {
  readonly name: string;
  readonly uri: string;
}

export interface SipWorld {
  readonly kamailio: Kamailio;
  /** The SIP server URL the agents' hosts use: ws://, or wss:// with `sipOverWss`. */
  readonly agentServer: string;
  readonly rtpengine: Rtpengine;
  /** Starts a baresip phone registered as `user` (auto-answer unless told otherwise), sending a tone. */
  phone(user: string, options?: { answerMode?: 'auto' | 'manual'; displayName?: string }): Promise<Baresip>;
  /**
   * Starts a browser host for an agent and opens the desk with the media debug hook; resolves once Registered.
   * With `sipOverWss` and `{ trustsCa: false }` the host is not given the test CA: it resolves once the page is open.
   */
  agent(name: string, user: string, options?: { trustsCa?: boolean; roster?: readonly TeamMember[] }): Promise<Agent>;
}

export const test = base.extend<{ sip: SipWorld; sipOverWss: boolean }>({
  sipOverWss: [false, { option: true }],
  sip: async ({ browser, sipOverWss }, use) => {
    assertLoopbackOnly();
    const ca = sipOverWss ? await makeTestCa() : undefined;
    const rtpengine = await startRtpengine();
    const kamailio = await startKamailio({
      users: PASSWORDS,
      withRtpengine: { ngPort: rtpengine.ngPort },
      ...(ca === undefined ? {} : { tls: { certificate: ca.serverCertificate, privateKey: ca.serverKey } }),
    });
    const agentServer = ca === undefined ? kamailio.wsUrl : (kamailio.wssUrl ?? kamailio.wsUrl);
    const phones: Baresip[] = [];
    const agents: Agent[] = [];
    const world: SipWorld = {
      kamailio,
      agentServer,
      rtpengine,
      async phone(user, options = {}) {
        const phone = await startBaresip({
          user,
          password: PASSWORDS[user] ?? '',
          registrar: { host: kamailio.host, udpPort: kamailio.udpPort },
          answerMode: options.answerMode ?? 'auto',
          ...(options.displayName === undefined ? {} : { displayName: options.displayName }),
        });
        phones.push(phone);
        return phone;
      },
      async agent(name, user, options = {}) {
        const trusted = options.trustsCa === false ? undefined : ca;
        const agent = await openAgent(browser, kamailio, name, user, { server: agentServer, ca: trusted, roster: options.roster ?? [] });
        agents.push(agent);
        return agent;
      },
    };
    await use(world);
    for (const agent of agents) {
      await agent.page.context().close();
      await agent.host.stop();
    }
    for (const phone of phones) await phone.stop();
    await kamailio.stop();
    await rtpengine.stop();
    await ca?.dispose();
  },
});

async function openAgent(
  browser: Browser,
  kamailio: Kamailio,
  name: string,
  user: string,
  via: { server: string; ca: TestCa | undefined; roster: readonly TeamMember[] },
): Promise<Agent> {
  const host = await startHost({
    agent: { name, role: 'agent' },
    sip: {
      server: via.server,
      ...(via.ca === undefined ? {} : { trustedCertificates: via.ca.caCertificate }),
      uri: `sip:${user}@${kamailio.domain}`,
      authorizationUser: user,
      password: PASSWORDS[user],
      displayName: name,
      defaultRegion: 'US',
      iceServers: [],
    },
    ...(via.roster.length === 0 ? {} : { team: { roster: via.roster } }),
  });
  const context = await browser.newContext();
  const page = await context.newPage();
  // The launch code becomes a cookie and the host redirects to a clean address; then open the desk with the debug hook.
  await host.open(page, '/?debug=media');
  // A desk that does not trust the server's CA never registers: its story checks what the line says instead.
  if (via.ca !== undefined || !via.server.startsWith('wss:')) {
    await expect(page.getByRole('status', { name: 'Phone line' })).toContainText('Registered', { timeout: 15_000 });
  }
  return { name, user, host, page };
}

interface MediaHook {
  calls(): { callId: string }[];
  stats(callId: string): Promise<{ bytesReceived: number; bytesSent: number } | null>;
}

/** Audio counters (getStats inbound-rtp/outbound-rtp) of every call the page's media engine holds, summed. */
export async function pageAudio(page: Page): Promise<{ bytesReceived: number; bytesSent: number; calls: number }> {
  return page.evaluate(async () => {
    const hook = Reflect.get(window, '__tandemMedia') as MediaHook | undefined;
    if (!hook) throw new Error('the media debug hook is not installed (open the page with ?debug=media)');
    const calls = hook.calls();
    const stats = await Promise.all(calls.map((call) => hook.stats(call.callId)));
    return {
      bytesReceived: stats.reduce((sum, s) => sum + (s?.bytesReceived ?? 0), 0),
      bytesSent: stats.reduce((sum, s) => sum + (s?.bytesSent ?? 0), 0),
      calls: calls.length,
    };
  });
}

/** The page receives audio, and keeps receiving more (not one burst). */
export async function expectAudioReceived(page: Page, timeout = 15_000): Promise<void> {
  let first = 0;
  await expect.poll(async () => (first = (await pageAudio(page)).bytesReceived), { timeout, message: 'the page receives RTP' }).toBeGreaterThan(0);
  await expect.poll(async () => (await pageAudio(page)).bytesReceived, { timeout, message: 'inbound RTP keeps growing' }).toBeGreaterThan(first);
}

/** The page sends audio, and more over time. */
export async function expectAudioSent(page: Page, timeout = 15_000): Promise<void> {
  let first = 0;
  await expect.poll(async () => (first = (await pageAudio(page)).bytesSent), { timeout, message: 'the page sends RTP' }).toBeGreaterThan(0);
  await expect.poll(async () => (await pageAudio(page)).bytesSent, { timeout, message: 'outbound RTP keeps growing' }).toBeGreaterThan(first);
}

export { expect };
