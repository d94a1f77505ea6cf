/**
 * Shared setup for the social e2e specs and the social bench: Bluesky's
 * reference PLC + PDS (tests/peers/blueskyPds.ts; optionally with the AppView
 * on its own PostgreSQL, for profiles with follower counts), the chat stand-in, the
 * brand's profile for the real browser host, and a host that can be killed
 * and started again on the same port, token and data directory (so the page,
 * its IndexedDB and main's journal/cursor all survive, as for a real user).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { RichText } from '@atproto/api';
import { startBlueskyChat, type BlueskyChat } from '../../peers/blueskyChat';
import { startBlueskyPds, type BlueskyAccount, type BlueskyPds } from '../../peers/blueskyPds';
import { freeTcpPort } from '../../peers/ports';

export const AGENT = { name: 'Ana Ruiz', role: 'agent' } as const;
/** The agent's signature as the composer requires it ("first name + last initial"). */
export const SIGNATURE = '— Ana R.';

export interface SocialNetwork {
  readonly pds: BlueskyPds;
  readonly chat: BlueskyChat;
  readonly brand: BlueskyAccount;
  /** A privileged app password for the brand (chat needs one). */
  readonly appPassword: string;
  /** The host profile for the brand account (with the chat stand-in). */
  profile(overrides?: { appPassword?: string; chat?: boolean }): unknown;
  close(): Promise<void>;
}

/**
 * PLC + PDS + chat stand-in on 127.0.0.1, with a brand account and its app password; with
 * `appView`, also the AppView, and only once it knows the brand: the connector asks it once,
 * after login, whether it answers, and an AppView that has not indexed the brand yet says no.
 */
export async function startSocialNetwork(brandHandle = 'deskbrand.test', options: { appView?: boolean } = {}): Promise<SocialNetwork> {
  const pds = await startBlueskyPds({ appView: options.appView === true });
  const brand = await pds.createAccount(brandHandle);
  const appPassword = await pds.createAppPassword(brand);
  await pds.appView?.waitForProfile(brand.did, (profile) => profile.handle === brandHandle);
  const chat = await startBlueskyChat({
    plcUrl: pds.plcUrl,
    handleOf: async (did) => (await brand.agent.com.atproto.repo.describeRepo({ repo: did })).data.handle,
  });
  return {
    pds,
    chat,
    brand,
    appPassword,
    profile: ({ appPassword: password = appPassword, chat: withChat = true } = {}) => ({
      agent: AGENT,
      social: [
        {
          network: 'bluesky',
          service: pds.url,
          handle: brand.handle,
          appPassword: password,
          ...(withChat ? { chatService: { url: chat.url, did: chat.did } } : {}),
        },
      ],
    }),
    async close() {
      await chat.close();
      await pds.close();
    },
  };
}

/** Sets an account's profile record (display name, description), as the Bluesky app does. */
export async function setProfile(account: BlueskyAccount, displayName: string, description = ''): Promise<void> {
  await account.agent.com.atproto.repo.putRecord({
    repo: account.did,
    collection: 'app.bsky.actor.profile',
    rkey: 'self',
    record: { $type: 'app.bsky.actor.profile', displayName, description },
  });
}

/**
 * `author` posts `@brand text` with a mention facet over the handle (plus any link facets
 * RichText detects), through createRecord. A request that went out on a keep-alive socket
 * a restarted PDS had closed never reached it, so it is sent once more.
 */
export async function postMention(author: BlueskyAccount, brand: BlueskyAccount | null, text: string): Promise<{ uri: string; cid: string }> {
  const full = brand === null ? text : `@${brand.handle} ${text}`;
  const rich = new RichText({ text: full });
  rich.detectFacetsWithoutResolution();
  const facets = (rich.facets ?? []).filter((facet) => facet.features.every((feature) => feature.$type !== 'app.bsky.richtext.facet#mention'));
  if (brand !== null) {
    const byteEnd = new TextEncoder().encode(`@${brand.handle}`).length;
    facets.unshift({
      index: { byteStart: 0, byteEnd },
      features: [{ $type: 'app.bsky.richtext.facet#mention', did: brand.did }],
    });
  }
  const record = {
    $type: 'app.bsky.feed.post',
    text: full,
    ...(facets.length === 0 ? {} : { facets }),
    createdAt: new Date().toISOString(),
  };
  const create = () =>
    author.agent.com.atproto.repo.createRecord({
      repo: author.did,
      collection: 'app.bsky.feed.post',
      record,
    });
  let created;
  try {
    created = await create();
  } catch (error: unknown) {
    if (
      !/other side closed|UND_ERR_SOCKET|ECONNRESET/.test(
        String((error as { cause?: { cause?: unknown } }).cause?.cause ?? (error as { cause?: unknown }).cause),
      )
    )
      throw error;
    created = await create();
  }
  return { uri: created.data.uri, cid: created.data.cid };
}

export interface RestartableHost {
  /** The address the host printed last (a launch code; the fixed token keeps the cookie valid across restarts). */
  readonly url: string;
  readonly origin: string;
  readonly dataDir: string;
  running(): boolean;
  /** Stops the process: SIGTERM (a clean quit) or SIGKILL (a crash / power cut). */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts it again on the same port, token, profile and data directory. */
  start(): Promise<void>;
  /** Stops it and removes its data directory. */
  close(): Promise<void>;
}

export interface RestartableHostOptions {
  readonly extraArgs?: readonly string[];
  /** Another build's folder instead of out/ (the benches' BENCH_OUT: a copy of out/ made before a change). */
  readonly out?: string;
}

/**
 * The real browser host (`out/main/web.cjs`), like tests/e2e/fixtures.ts `startHost`, but on a
 * fixed port with a fixed token (TANDEM_WEB_TOKEN) so that a restart keeps the page's origin (the
 * data directory's name and the port) and its cookie: the open tab reconnects by itself and keeps its
 * IndexedDB.
 */
export async function startRestartableHost(profile: unknown, options: RestartableHostOptions = {}): Promise<RestartableHost> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tandem-e2e-social-'));
  const profileFile = join(dataDir, 'profile.json');
  await writeFile(profileFile, JSON.stringify(profile));
  await chmod(profileFile, 0o600);
  const port = await freeTcpPort();
  const token = randomBytes(24).toString('base64url');
  let child: ChildProcess | undefined;
  let url = '';

  const start = async () => {
    if (child !== undefined) return;
    const next = spawn(
      process.execPath,
      [...(options.extraArgs ?? []), `${options.out ?? 'out'}/main/web.cjs`, '--port', String(port), '--profile', profileFile, '--data-dir', dataDir],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, TANDEM_WEB_TOKEN: token },
      },
    );
    url = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: next.stdout });
      lines.once('line', resolve);
      next.once('exit', (code) => reject(new Error(`web host exited with ${code ?? 'a signal'} before printing its URL`)));
    });
    // Keep draining stdout so the host never blocks on a full pipe.
    next.stdout.resume();
    child = next;
  };
  const stop = async (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM') => {
    const current = child;
    child = undefined;
    if (current === undefined || current.exitCode !== null || current.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      current.once('exit', () => resolve());
      current.kill(signal);
      if (signal === 'SIGTERM') setTimeout(() => current.kill('SIGKILL'), 5_000).unref();
    });
  };
  await start();
  return {
    get url() {
      return url;
    },
    get origin() {
      return new URL(url).origin;
    },
    dataDir,
    running: () => child !== undefined,
    stop,
    start,
    async close() {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
