/**
 * The browser host under attack from the same machine: a page on another
 * local port, or any local process, with no token and no cookie. Every case
 * here once killed the host or could; the story ends with the agent's desk,
 * connected before the attack, still hearing a call ring and declining it.
 *
 * The host is the real `out/main/web.cjs` (a crash is a process exit, which
 * is what these cases used to cause), registered on a real Kamailio; the
 * caller is baresip. Run inside a loopback-only namespace after a build:
 *   npm run build && unshare -n bash -c 'ip link set lo up && npx vitest run --project integration tests/integration/host-attacks.test.ts'
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { CallInfo, RegistrationStatus } from '@tandem/contract';
import { startBaresip, type Baresip } from '../peers/baresip';
import { startKamailio, type Kamailio } from '../peers/kamailio';
import { assertLoopbackOnly } from '../peers/netns';
import { call, cookieFrom, frameWhere, framesSoFar, hostHeader, openSocket, type HostAddress } from '../support/webHostClient';
import { getRequest, idleSockets, rawRequest, upgradeRequest, type ResetAt } from './support/rawSocket';
import { step } from './support/step';

const AGENT = '1001';
const CUSTOMER = '2125550123';
const USERS = { [AGENT]: 'pw1001', [CUSTOMER]: 'pwcust' };
/** DEFAULT_WEB_HOST_LIMITS.connections in main/web/webHost.ts. */
const CONNECTION_CAP = 128;

let kamailio: Kamailio;
let dataDir: string;
let child: ChildProcess;
let host: HostAddress;
let stderr = '';
/** The agent's desk: a contract socket with the cookie, opened before any attack. */
let desk: WebSocket;
let cookie: string;

const isEvent =
  <T>(event: string, where: (payload: T) => boolean = () => true) =>
  (frame: unknown): boolean =>
    typeof frame === 'object' &&
    frame !== null &&
    'kind' in frame &&
    frame.kind === 'event' &&
    'event' in frame &&
    frame.event === event &&
    'payload' in frame &&
    where(frame.payload as T);

/** The host process has not exited, and answers a contract round trip on a socket opened now. */
async function assertAlive(): Promise<void> {
  expect(child.exitCode, stderr.slice(-2_000)).toBeNull();
  expect(child.signalCode).toBeNull();
  const ws = await openSocket(host, { Origin: host.origin, cookie });
  if (!(ws instanceof WebSocket)) throw new Error(`a desk with the cookie was refused: ${JSON.stringify(ws)}`);
  expect(await call(ws, { kind: 'invoke', id: 1, channel: 'app:getInfo', payload: {} })).toMatchObject({ result: { ok: true, value: { shell: 'web' } } });
  ws.close();
}

beforeAll(async () => {
  assertLoopbackOnly();
  if (!existsSync('out/main/web.cjs')) throw new Error('out/main/web.cjs is missing: run `npm run build` first');
  kamailio = await startKamailio({ users: USERS });
  dataDir = await mkdtemp(join(tmpdir(), 'tandem-attacks-'));
  const profileFile = join(dataDir, 'profile.json');
  await writeFile(
    profileFile,
    JSON.stringify({
      agent: { name: 'Ana Ruiz', role: 'agent' },
      sip: {
        server: kamailio.wsUrl,
        uri: `sip:${AGENT}@${kamailio.domain}`,
        authorizationUser: AGENT,
        password: USERS[AGENT],
        displayName: 'Ana R.',
        defaultRegion: 'US',
        iceServers: [],
      },
    }),
  );
  await chmod(profileFile, 0o600);
  child = spawn(process.execPath, ['out/main/web.cjs', '--port', '0', '--profile', profileFile, '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`web host exited with ${code ?? 'a signal'} before printing its URL\n${stderr}`)));
  });
  host = { port: Number(new URL(url).port), origin: new URL(url).origin };

  // Step: the agent opens the desk (launch code → cookie → contract socket) and her line registers.
  cookie = await cookieFrom(host, url);
  const opened = await openSocket(host, { Origin: host.origin, cookie });
  if (!(opened instanceof WebSocket)) throw new Error(`the desk's socket was refused: ${JSON.stringify(opened)}`);
  desk = opened;
  // As the renderer does after app:connected: read the state (the line may have registered before the socket
  // opened), then listen for the change from that moment on.
  const from = framesSoFar(desk).length;
  const state = (await call(desk, { kind: 'invoke', id: 1, channel: 'softphone:getState', payload: {} })) as {
    result: { value?: { registration: RegistrationStatus } };
  };
  if (state.result.value?.registration.state !== 'registered') {
    await frameWhere(
      desk,
      isEvent<RegistrationStatus>('softphone:registration', (status) => status.state === 'registered'),
      from,
    );
  }
});

afterAll(async () => {
  desk?.close();
  if (child !== undefined && child.exitCode === null) {
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
  await kamailio?.stop();
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

describe('an attacker on the same machine, with no token and no cookie', () => {
  const ours = () => ({ Host: hostHeader(host), Origin: host.origin });

  it('upgrades to `//`, `/%`, `/%zz` and absolute-form targets are answered with a 4xx, and the host lives', async () => {
    for (const target of ['//', '/%', '/%zz', '//evil.example/contract', 'http://evil/', `http://${hostHeader(host)}/contract`, '*']) {
      const upgrade = await rawRequest(host.port, upgradeRequest(target, ours()));
      expect(upgrade.status, `upgrade ${target}`).toBeGreaterThanOrEqual(400);
      expect(upgrade.status, `upgrade ${target}`).toBeLessThan(500);
      const plain = await rawRequest(host.port, getRequest(target, ours()));
      expect(plain.status, `GET ${target}`).toBeGreaterThanOrEqual(400);
      expect(plain.status, `GET ${target}`).toBeLessThan(500);
    }
    await assertAlive();
  });

  it('a wrong Host or a foreign Origin is refused, for pages and sockets, and the host lives', async () => {
    const hosts = ['evil.example', `127.0.0.1:${host.port + 1}`, `${new URL(host.origin).hostname}:1`, 'tffffffffffffffff.localhost', undefined];
    for (const Host of hosts) {
      expect((await rawRequest(host.port, upgradeRequest('/contract', { ...ours(), Host }))).status, `socket, Host ${Host}`).toBe(421);
      expect((await rawRequest(host.port, getRequest('/', { Host }))).status, `page, Host ${Host}`).toBe(Host === undefined ? 400 : 421);
    }
    for (const Origin of ['http://evil.example', `http://127.0.0.1:${host.port}`, 'null', undefined]) {
      expect((await rawRequest(host.port, upgradeRequest('/contract', { ...ours(), Origin }))).status, `Origin ${Origin}`).toBe(403);
    }
    await assertAlive();
  });

  it('resets at every step (after connect, mid-headers, after sending, after the refusal) leave the host alive', async () => {
    const steps: ResetAt[] = ['after-connect', 'mid-headers', 'after-sending', 'after-refusal'];
    const requests = [
      upgradeRequest('//', ours()),
      upgradeRequest('/contract', ours()),
      upgradeRequest('/contract', { ...ours(), Origin: 'http://evil.example' }),
      getRequest('/', ours()),
    ];
    for (const step of steps) {
      for (const request of requests) {
        await Promise.all(Array.from({ length: 10 }, () => rawRequest(host.port, request, step)));
      }
    }
    await assertAlive();
  });

  it('1 000 refused upgrades are all answered, and the log accounts for each in a bounded number of lines', async () => {
    const refusalLines = () => stderr.split('\n').filter((line) => line.includes('refused a socket'));
    const suppressedIn = (line: string) => Number(/"suppressed":(\d+)/.exec(line)?.[1] ?? 0);
    const before = refusalLines().length;

    await step('an attacker sends 1 000 upgrades without the token, 50 at a time: each is answered 403', async () => {
      const statuses: number[] = [];
      for (let batch = 0; batch < 20; batch++) {
        const results = await Promise.all(Array.from({ length: 50 }, () => rawRequest(host.port, upgradeRequest('/contract', ours()))));
        statuses.push(...results.map((result) => result.status));
      }
      expect(statuses.filter((status) => status === 403)).toHaveLength(1_000);
    });

    await step('the log accounts for every refusal, in fewer than 100 lines, and the host is alive', async () => {
      // Every refusal is either a line of its own or counted in a later line's "suppressed" (which may also
      // count unreported refusals of the stories before this one). A flood can end before the budget earns a
      // line back, so the last ones are reported with the next refusal that gets through: keep refusing, one at
      // a time, until the log has accounted for all of them.
      const accounted = () => {
        const lines = refusalLines().slice(before);
        return lines.length + lines.reduce((sum, line) => sum + suppressedIn(line), 0);
      };
      // The budget earns one line a second back, so this takes about a second; probes go out every 100 ms.
      let probes = 0;
      const deadline = Date.now() + 10_000;
      while (accounted() < 1_000 + probes) {
        expect(Date.now(), 'the log never accounted for every refusal').toBeLessThan(deadline);
        expect((await rawRequest(host.port, upgradeRequest('/contract', ours()))).status).toBe(403);
        probes += 1;
        await new Promise<void>((resolve) => setTimeout(resolve, 100));
      }
      expect(refusalLines().length - before).toBeLessThan(100);
      await assertAlive();
    });
  });

  it('500 sockets held open: the host keeps no more than its cap, the desk keeps talking, and new desks connect once they go', async () => {
    const held = await idleSockets(host.port, 500);
    try {
      await step('everything past the cap is let go at once (the desk’s own socket counts too)', async () => {
        await expect.poll(() => held.closed(), { timeout: 10_000 }).toBeGreaterThanOrEqual(500 - CONNECTION_CAP + 1);
      });
      await step('the desk, connected before, still has a working contract', async () => {
        expect(await call(desk, { kind: 'invoke', id: 500, channel: 'app:getInfo', payload: {} })).toMatchObject({ result: { ok: true } });
        expect(child.exitCode).toBeNull();
      });
    } finally {
      held.release();
    }
    await step('the attacker lets go and a second desk window can connect again', async () => {
      await expect
        .poll(async () => {
          const ws = await openSocket(host, { Origin: host.origin, cookie });
          if (ws instanceof WebSocket) ws.close();
          return ws instanceof WebSocket;
        })
        .toBe(true);
      await assertAlive();
    });
  });
});

describe('after the attack', () => {
  let customer: Baresip;
  afterAll(async () => customer?.stop());

  it("the agent's desk, connected all along, hears the customer's call ring and declines it", async () => {
    customer = await startBaresip({
      user: CUSTOMER,
      password: USERS[CUSTOMER],
      registrar: { host: kamailio.host, udpPort: kamailio.udpPort },
      answerMode: 'auto',
    });
    const from = framesSoFar(desk).length;
    await customer.dial(`sip:${AGENT}@${kamailio.domain}`);
    const ringing = (await frameWhere(
      desk,
      isEvent<CallInfo>('softphone:call', (info) => info.direction === 'inbound' && info.state === 'ringing'),
      from,
    )) as { payload: CallInfo };
    expect(ringing.payload.remote.number).toBe('+12125550123');

    expect(await call(desk, { kind: 'invoke', id: 900, channel: 'softphone:decline', payload: { callId: ringing.payload.id } })).toMatchObject({
      result: { ok: true },
    });
    await frameWhere(
      desk,
      isEvent<CallInfo>('softphone:call', (info) => info.id === ringing.payload.id && info.state === 'ended'),
      from,
    );
    await customer.waitForEvent('CALL_CLOSED', { timeoutMs: 10_000 });
    expect(child.exitCode).toBeNull();
  });
});
