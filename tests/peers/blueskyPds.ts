/**
 * Bluesky's reference PLC + PDS (from `@atproto/dev-env` / `@atproto/pds`),
 * in-process, on 127.0.0.1 only, with a PDS that can be stopped and started
 * again on the same port and data directory (a "server restart": the repos
 * and the firehose sequence survive, as they do for a real PDS).
 *
 * We do not use `TestNetworkNoAppView.create` because its PDS advertises
 * `http://localhost:PORT` in DID documents and draws fresh keys and a fresh
 * data directory on every start, so it cannot be restarted. Everything here
 * points at 127.0.0.1; the AppView, moderation and crawler URLs point at a
 * closed loopback port so that nothing tries to leave the machine.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AtpAgent } from '@atproto/api';
import { Secp256k1Keypair } from '@atproto/crypto';
import { ADMIN_PASSWORD, JWT_SECRET, TestPlc } from '@atproto/dev-env';
import * as pds from '@atproto/pds';
import { freeTcpPort, LOOPBACK } from './ports.js';

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

/** A port that refuses: where the PDS's AppView / moderation URLs point. */
const DEAD_URL = `http://${LOOPBACK}:9`;

export async function startBlueskyPds(): Promise<BlueskyPds> {
  const plcPort = await freeTcpPort();
  const plc = await TestPlc.create({ port: plcPort });
  const plcUrl = `http://${LOOPBACK}:${plcPort}`;
  const port = await freeTcpPort();
  const url = `http://${LOOPBACK}:${port}`;
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
    serviceHandleDomains: ['.test'],
    didPlcUrl: plcUrl,
    bskyAppViewUrl: DEAD_URL,
    bskyAppViewDid: 'did:example:invalid',
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
    await next.start();
    server = next;
  };
  const stop = async () => {
    const current = server;
    server = undefined;
    if (current !== undefined) await current.destroy();
  };
  await start();

  const login = async (identifier: string, password: string) => {
    const agent = new AtpAgent({ service: url });
    await agent.login({ identifier, password });
    return agent;
  };

  return {
    url,
    plcUrl,
    port,
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
      await stop();
      await plc.close();
      await rm(dataDirectory, { recursive: true, force: true });
    },
  };
}
