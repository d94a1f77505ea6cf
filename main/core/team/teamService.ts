import { join } from 'node:path';
import type { TeamDetail, TeamStatus } from '@tandem/contract';
import type { ClientConfig } from 'pg';
import type { EventBus } from '../events/eventBus';
import type { Logger } from '../log/logger';
import { teamDatabaseOf, type Profile } from '../profile/profileSchema';
import { AccountSecrets, teamIdentity } from '../secrets/accountSecrets';
import type { SecretStore } from '../secrets/secretStore';
import { createTeamClaims, SOLO_CLAIMS, type TeamClaims } from './teamClaims';
import { teamClientConfig } from './teamConfig';
import { createTeamHistory, SOLO_HISTORY, type TeamHistory } from './teamHistory';
import type { TeamFeed, TeamFeedStatus, TeamProblem } from './teamFeed';
import { TeamOutbox } from './teamOutbox';
import { createTeamQueue, SOLO_QUEUE, type TeamQueue } from './teamQueue';
import { createTeamDirectory, SOLO_DIRECTORY, type TeamDirectoryService } from './teamDirectory';
import { canonicalIdentity } from '../secrets/accountSecrets';
import { createTeamJoin, pgJoinSession, SOLO_JOIN, type TeamJoin } from './teamJoin';

/** The team files in the data folder: the applied-change cursor and the offline outbox. */
export const TEAM_FILES = { cursor: join('team', 'cursor.json'), outbox: join('team', 'outbox.json'), join: join('team', 'join.json') } as const;

const DETAILS: Record<TeamProblem, TeamDetail> = {
  'credentials-rejected': 'team.detail.credentialsRejected',
  'certificate-rejected': 'team.detail.certificateRejected',
  'schema-missing': 'team.detail.schemaMissing',
  unreachable: 'team.detail.unreachable',
};

/** The feed's five states as the agent reads them: catching up is still "connecting", reconnecting is "offline". */
export function publicTeamStatus(status: TeamFeedStatus): TeamStatus {
  const state = status.state === 'live' ? 'connected' : status.state === 'connecting' || status.state === 'catching-up' ? 'connecting' : 'offline';
  const detail = state === 'offline' && status.problem !== undefined ? DETAILS[status.problem] : undefined;
  return {
    state,
    pending: status.pendingChanges,
    ...(detail === undefined ? {} : { detail }),
    ...(status.refusedWrites > 0 ? { refused: status.refusedWrites } : {}),
  };
}

export interface TeamService {
  status(): TeamStatus;
  /** The feed, or undefined on a solo desk. */
  readonly feed: TeamFeed | undefined;
  /** Claims on social conversations, decided by the database (a solo desk answers `team.errors.solo`). */
  readonly claims: TeamClaims;
  /** Other desks' claims, statuses and viewers (issue 11, H3). */
  readonly queue: TeamQueue;
  /** The colleagues' names and SIP addresses, for the dial and transfer boxes (issue 12 item 4). */
  readonly directory: TeamDirectoryService;
  /** The shared customer history: this desk's writes out, every desk's rows in (`team:write`, `team:rowsSince`, `team:rows`). */
  readonly history: TeamHistory;
  /** A new password was typed: a desk waiting out its backoff tries again now. */
  retryNow(): void;
  dispose(): Promise<void>;
  // --- social ingest and send-once (H2) ---
  /** The agent's session settings, for the sessions the social desk opens itself (ingester, reads, sends); undefined on a solo desk. */
  readonly sessionConfig: (() => Promise<ClientConfig>) | undefined;
  // --- team first join ---
  /** Moving this desk's own history into the team, once (a solo desk answers `solo`). */
  readonly join: TeamJoin;
}

/**
 * Starts the desk's team session when the profile names a team database,
 * and says how it goes on the event bus (`team:status`). Without one the desk
 * is solo: nothing connects and the status says so.
 */
export async function createTeamService(options: {
  readonly profile: Profile;
  readonly secrets: SecretStore;
  readonly events: EventBus;
  readonly log: Logger;
  readonly dataDir?: string | undefined;
}): Promise<TeamService> {
  const database = teamDatabaseOf(options.profile);
  if (database === undefined) {
    return {
      status: () => ({ state: 'solo', pending: 0 }),
      feed: undefined,
      claims: SOLO_CLAIMS,
      queue: SOLO_QUEUE,
      directory: SOLO_DIRECTORY,
      retryNow: () => undefined,
      dispose: () => Promise.resolve(),
      sessionConfig: undefined,
      join: SOLO_JOIN,
      history: SOLO_HISTORY,
    };
  }
  const secrets = new AccountSecrets(options.secrets);
  const file = (name: string) => (options.dataDir === undefined ? undefined : join(options.dataDir, name));
  // Loaded here, not at start-up: a solo desk never evaluates the PostgreSQL driver.
  const { TeamFeed } = await import('./teamFeed');
  const outbox = await TeamOutbox.open(file(TEAM_FILES.outbox));
  // Read at each attempt: the password bound to exactly this database account, or none (trust/cert auth).
  const sessionConfig = async () => teamClientConfig(database, await secrets.get(teamIdentity(database)));
  const firstJoin = createTeamJoin({
    database: canonicalIdentity(teamIdentity(database)),
    file: file(TEAM_FILES.join),
    connect: pgJoinSession(sessionConfig),
    log: options.log,
  });
  const feed = new TeamFeed({
    config: sessionConfig,
    outbox,
    cursorPath: file(TEAM_FILES.cursor),
    log: options.log,
  });
  let last = publicTeamStatus(feed.status());
  const unsubscribe = feed.onStatus((status) => {
    const next = publicTeamStatus(status);
    if (next.state === last.state && next.pending === last.pending && next.detail === last.detail && next.refused === last.refused) return;
    last = next;
    options.events.emit('team:status', next);
  });
  // Subscribed before the feed starts, so the catch-up's changes are read once the session is live.
  const queue = createTeamQueue({ feed, events: options.events, agentId: database.login, log: options.log });
  const directory = createTeamDirectory({ feed, events: options.events, log: options.log });
  // Listening before the feed starts: the first catch-up's rows reach the windows too.
  const history = createTeamHistory({ feed, emit: (rows) => options.events.emit('team:rows', { rows: [...rows] }), log: options.log });
  await feed.start();
  return {
    status: () => publicTeamStatus(feed.status()),
    feed,
    claims: createTeamClaims({ session: () => feed.liveSession(), agentId: database.login, log: options.log }),
    queue,
    directory,
    history,
    retryNow: () => feed.retryNow(),
    dispose: async () => {
      unsubscribe();
      queue.dispose();
      directory.dispose();
      history.dispose();
      await Promise.all([feed.stop(), firstJoin.dispose()]);
    },
    sessionConfig,
    join: firstJoin,
  };
}
