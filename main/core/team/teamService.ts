import { join } from 'node:path';
import type { TeamDetail, TeamStatus } from '@tandem/contract';
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

/** The team files in the data folder: the applied-change cursor and the offline outbox. */
export const TEAM_FILES = { cursor: join('team', 'cursor.json'), outbox: join('team', 'outbox.json') } as const;

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
  /** The shared customer history: this desk's writes out, every desk's rows in (`team:write`, `team:rowsSince`, `team:rows`). */
  readonly history: TeamHistory;
  /** A new password was typed: a desk waiting out its backoff tries again now. */
  retryNow(): void;
  dispose(): Promise<void>;
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
      history: SOLO_HISTORY,
      retryNow: () => undefined,
      dispose: () => Promise.resolve(),
    };
  }
  const secrets = new AccountSecrets(options.secrets);
  const file = (name: string) => (options.dataDir === undefined ? undefined : join(options.dataDir, name));
  // Loaded here, not at start-up: a solo desk never evaluates the PostgreSQL driver.
  const { TeamFeed } = await import('./teamFeed');
  const outbox = await TeamOutbox.open(file(TEAM_FILES.outbox));
  const feed = new TeamFeed({
    // Read at each attempt: the password bound to exactly this database account, or none (trust/cert auth).
    config: async () => teamClientConfig(database, await secrets.get(teamIdentity(database))),
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
  // Listening before the feed starts: the first catch-up's rows reach the windows too.
  const history = createTeamHistory({ feed, emit: (rows) => options.events.emit('team:rows', { rows: [...rows] }), log: options.log });
  await feed.start();
  return {
    status: () => publicTeamStatus(feed.status()),
    feed,
    claims: createTeamClaims({ session: () => feed.liveSession(), agentId: database.login, log: options.log }),
    history,
    retryNow: () => feed.retryNow(),
    dispose: async () => {
      unsubscribe();
      history.dispose();
      await feed.stop();
    },
  };
}
