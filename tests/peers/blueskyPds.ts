/**
 * Bluesky's reference PLC + PDS (from `@atproto/dev-env` / `@atproto/pds`),
 * in-process, on 127.0.0.1 only (their `listen` names no address: `startOnLoopback`), with a PDS that can be stopped and started
 * again on the same port and data directory (a "server restart": the repos
 * and the firehose sequence survive, as they do for a real PDS).
 *
 * We do not use `TestNetworkNoAppView.create` because its PDS advertises
 * `http://localhost:PORT` in DID documents and draws fresh keys and a fresh
 * data directory on every start, so it cannot be restarted. Everything here
 * points at 127.0.0.1; the moderation and crawler URLs point at a closed
 * loopback port so that nothing tries to leave the machine.
 *
 * The AppView is optional (`{ appView: true }`, see blueskyAppView.ts): it
 * costs a PostgreSQL and the AppView's migrations at start-up. Without it the
 * PDS's AppView URL is that closed port too, and clients fall back to what the
 * PDS alone can tell (profiles from records, no follower counts). With it, it
 * is created before the PDS (it needs the PDS's port, the PDS needs its DID)
 * and it follows the PDS across restarts (its subscription reconnects with a
 * backoff, so right after a restart it may lag a few seconds).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AtpAgent } from '@atproto/api';
import { Secp256k1Keypair } from '@atproto/crypto';
import { ADMIN_PASSWORD, JWT_SECRET, TestPlc } from '@atproto/dev-env';
import * as pds from '@atproto/pds';
import { startBlueskyAppView, type BlueskyAppView } from './blueskyAppView.js';
import { startOnLoopback } from './loopbackListen.js';
import { freeTcpPort, LOOPBACK, stableTcpPort } from './ports.js';

export interface BlueskyAccount {
  readonly handle: string;
  readonly did: string;
  readonly password: string;
  /** An agent logged in as this account against the PDS. */
  readonly agent: AtpAgent;
}

export interface BlueskyPds {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  readonly plcUrl: string;
  readonly port: number;
  /** The AppView the PDS proxies `app.bsky.*` to, when started with `{ appView: true }`. */
  readonly appView: BlueskyAppView | null;
  createAccount(handle: string, password?: string): Promise<BlueskyAccount>;
  /**
   * Creates an app password for `account` (what a brand gives Tandem). Private messages need a
   * privileged one ("allow access to your direct messages"): the PDS refuses chat service tokens otherwise.
   */
  createAppPassword(account: BlueskyAccount, options?: { name?: string; privileged?: boolean }): Promise<string>;
  /** Stops the PDS (the port refuses connections until `start`). */
  stop(): Promise<void>;
  start(): Promise<void>;
  running(): boolean;
  close(): Promise<void>;
}

export interface BlueskyPdsOptions {
  /** Also run the AppView (on its own PostgreSQL), so `app.bsky.*` reads answer with counts. */
  readonly appView?: boolean;
}

/** A port that refuses: where the PDS's moderation URL (and AppView URL, without one) point. */
const DEAD_URL = `http://${LOOPBACK}:9`;
const HANDLE_DOMAINS = ['.test'];

export async function startBlueskyPds(options: BlueskyPdsOptions = {}): Promise<BlueskyPds> {
  const plcPort = await freeTcpPort();
  const plc = await startOnLoopback(
    'the PLC directory',
    [plcPort],
    () => TestPlc.create({ port: plcPort }),
    (started) => started.close(),
  );
  const plcUrl = `http://${LOOPBACK}:${plcPort}`;
  // Chosen now, listened on only after the AppView has started: out of reach of outgoing connections meanwhile.
  const port = await stableTcpPort();
  const url = `http://${LOOPBACK}:${port}`;
  let appView: BlueskyAppView | null = null;
  if (options.appView === true) {
    try {
      appView = await startBlueskyAppView({ plcUrl, pdsPort: port, handleDomains: HANDLE_DOMAINS });
    } catch (error: unknown) {
      await plc.close();
      throw error;
    }
  }
  const dataDirectory = await mkdtemp(join(tmpdir(), 'tandem-pds-'));
  const plcRotationKey = await Secp256k1Keypair.create({ exportable: true });
  const plcRotationPriv = Buffer.from(await plcRotationKey.export()).toString('hex');
  const recoveryDidKey = (await Secp256k1Keypair.create()).did();

  const env: pds.ServerEnvironment = {
    devMode: true,
    port,
    hostname: 'localhost',
    dataDirectory,
    blobstoreDiskLocation: join(dataDirectory, 'blobs'),
    recoveryDidKey,
    adminPassword: ADMIN_PASSWORD,
    jwtSecret: JWT_SECRET,
    serviceHandleDomains: HANDLE_DOMAINS,
    didPlcUrl: plcUrl,
    bskyAppViewUrl: appView?.url ?? DEAD_URL,
    bskyAppViewDid: appView?.did ?? 'did:example:invalid',
    modServiceUrl: DEAD_URL,
    modServiceDid: 'did:example:invalid',
    crawlers: [],
    plcRotationKeyK256PrivateKeyHex: plcRotationPriv,
    inviteRequired: false,
    disableSsrfProtection: true,
  };

  let server: pds.PDS | undefined;
  const start = async () => {
    if (server !== undefined) return;
    const cfg = pds.envToCfg(env);
    // Advertise the loopback address in DID documents, so clients that follow them stay on 127.0.0.1.
    (cfg.service as { publicUrl: string }).publicUrl = url;
    const next = await pds.PDS.create(cfg, pds.envToSecrets(env));
    await startOnLoopback(
      'the PDS',
      [port],
      () => next.start(),
      () => next.destroy(),
    );
    server = next;
  };
  const stop = async () => {
    const current = server;
    server = undefined;
    if (current !== undefined) await current.destroy();
  };
  try {
    await start();
  } catch (error: unknown) {
    await appView?.close();
    await plc.close();
    await rm(dataDirectory, { recursive: true, force: true });
    throw error;
  }

  const login = async (identifier: string, password: string) => {
    const agent = new AtpAgent({ service: url });
    await agent.login({ identifier, password });
    return agent;
  };

  return {
    url,
    plcUrl,
    port,
    appView,
    async createAccount(handle, password = `pw-${handle}`) {
      const agent = new AtpAgent({ service: url });
      const created = await agent.com.atproto.server.createAccount({ handle, email: `${handle}@example.invalid`, password });
      return { handle, did: created.data.did, password, agent: await login(handle, password) };
    },
    async createAppPassword(account, { name = 'tandem', privileged = true } = {}) {
      const created = await account.agent.com.atproto.server.createAppPassword({ name, privileged });
      return created.data.password;
    },
    stop,
    start,
    running: () => server !== undefined,
    async close() {
      await appView?.close();
      await stop();
      await plc.close();
      await rm(dataDirectory, { recursive: true, force: true });
    },
  };
}

/** `follower` follows `subject`, as the Bluesky app does (an `app.bsky.graph.follow` record). */
export async function follow(follower: BlueskyAccount, subject: BlueskyAccount): Promise<void> {
  await follower.agent.com.atproto.repo.createRecord({
    repo: follower.did,
    collection: 'app.bsky.graph.follow',
    record: { $type: 'app.bsky.graph.follow', subject: subject.did, createdAt: new Date().toISOString() },
  });
}
