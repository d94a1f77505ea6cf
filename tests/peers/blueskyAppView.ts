/**
 * Bluesky's reference AppView (`TestBsky` from `@atproto/dev-env`): it
 * follows the PDS's firehose, indexes every record into a throwaway
 * PostgreSQL and answers `app.bsky.*` reads (profiles with follower counts,
 * likes) — the PDS proxies those reads to it. Everything stays on loopback:
 * no feature-gate, search, suggestion, courier or rolodex service is
 * configured, so the AppView has nowhere else to call. (TestBsky names its own
 * internal servers `http://localhost:PORT`, which /etc/hosts maps to
 * 127.0.0.1.)
 *
 * Indexing is asynchronous: a record written to the PDS shows here a moment
 * later. Tests wait for the state they need with `waitForProfile`.
 */
import { get } from 'node:http';
import { AtpAgent, type AppBskyActorDefs } from '@atproto/api';
import { TestBsky } from '@atproto/dev-env';
import { startOnLoopback } from './loopbackListen.js';
import { freeTcpPort, LOOPBACK } from './ports.js';
import { pollUntil } from './process.js';
import { startPostgres } from './postgres.js';

export type AppViewProfile = AppBskyActorDefs.ProfileViewDetailed;
type IdResolver = TestBsky['dataplane']['idResolver'];

export interface BlueskyAppView {
  /** http://127.0.0.1:PORT — what the PDS proxies `app.bsky.*` to. */
  readonly url: string;
  /** The AppView's service DID (the audience of the PDS's service tokens). */
  readonly did: string;
  /** Milliseconds for PostgreSQL, the AppView's migrations and its servers to come up. */
  readonly startMs: number;
  /** The profile as the AppView has indexed it so far, or null while it does not know the account. */
  profile(actor: string): Promise<AppViewProfile | null>;
  /** Polls until `actor`'s profile passes `ready`; a timeout says what the AppView last had. */
  waitForProfile(actor: string, ready: (profile: AppViewProfile) => boolean, options?: { timeoutMs?: number }): Promise<AppViewProfile>;
  close(): Promise<void>;
}

export interface AppViewOptions {
  readonly plcUrl: string;
  /** The PDS it follows; it need not be running yet (the subscription retries until it is). */
  readonly pdsPort: number;
  /** Handle suffixes the PDS hosts (`.test`): resolved through the PDS instead of DNS. */
  readonly handleDomains: readonly string[];
}

/**
 * Handles are verified by DNS or `https://<handle>/.well-known/atproto-did`, neither of which exists for
 * `carla.test` in a loopback namespace: ask the PDS's well-known endpoint with the handle as Host
 * (as dev-env's `mockResolvers` does), so the AppView shows `carla.test` and not `handle.invalid`.
 */
function resolveHandlesThroughPds(resolver: IdResolver, pdsPort: number, domains: readonly string[]): void {
  resolver.handle.resolve = (handle) =>
    new Promise((resolve) => {
      if (!domains.some((domain) => handle.endsWith(domain))) {
        resolve(undefined);
        return;
      }
      const request = get({ host: LOOPBACK, port: pdsPort, path: '/.well-known/atproto-did', headers: { host: handle } }, (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve(response.statusCode === 200 && body.startsWith('did:') ? body.trim() : undefined));
      });
      request.on('error', () => resolve(undefined));
    });
}

export async function startBlueskyAppView(options: AppViewOptions): Promise<BlueskyAppView> {
  const startedAt = Date.now();
  const postgres = await startPostgres();
  let bsky: TestBsky;
  try {
    const port = await freeTcpPort();
    bsky = await startOnLoopback(
      'the AppView',
      [port],
      () =>
        TestBsky.create({
          port,
          plcUrl: options.plcUrl,
          repoProvider: `ws://${LOOPBACK}:${options.pdsPort}`,
          dbPostgresUrl: postgres.url,
          dbPostgresSchema: 'appview',
          // Required by BskyConfig's type, read by nothing in TestBsky.
          redisHost: '',
          pdsPort: options.pdsPort,
        }),
      (started) => started.close(),
    );
  } catch (error: unknown) {
    await postgres.close();
    throw error;
  }
  // Before the PDS starts and events flow, so that no handle is ever checked against DNS.
  resolveHandlesThroughPds(bsky.ctx.idResolver, options.pdsPort, options.handleDomains);
  resolveHandlesThroughPds(bsky.dataplane.idResolver, options.pdsPort, options.handleDomains);
  const startMs = Date.now() - startedAt;

  const url = `http://${LOOPBACK}:${bsky.port}`;
  const reader = new AtpAgent({ service: url });
  const profile = async (actor: string): Promise<AppViewProfile | null> => {
    try {
      return (await reader.app.bsky.actor.getProfile({ actor })).data;
    } catch {
      return null;
    }
  };

  return {
    url,
    did: bsky.serverDid,
    startMs,
    profile,
    async waitForProfile(actor, ready, { timeoutMs = 15_000 } = {}) {
      let last: AppViewProfile | null = null;
      try {
        return await pollUntil(
          async () => {
            last = await profile(actor);
            return last !== null && ready(last) ? last : undefined;
          },
          { timeoutMs, intervalMs: 50, what: `the AppView's profile of ${actor} in the expected state` },
        );
      } catch (error: unknown) {
        const seen = last as AppViewProfile | null;
        const summary =
          seen === null
            ? 'no profile at all (not indexed)'
            : JSON.stringify({ handle: seen.handle, displayName: seen.displayName, followersCount: seen.followersCount, followsCount: seen.followsCount });
        throw new Error(`${error instanceof Error ? error.message : String(error)}; last seen: ${summary}`, { cause: error });
      }
    },
    async close() {
      // While the PDS still runs, so the subscription ends at once instead of in a reconnect wait.
      await bsky.close();
      await postgres.close();
    },
  };
}
