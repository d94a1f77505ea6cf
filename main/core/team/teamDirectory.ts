import type { PoolClient } from 'pg';
import * as z from 'zod';
import { TEAM_CLAIM_ERRORS, TEAM_DIRECTORY_LIMIT, type TeamDirectory, type TeamDirectoryEntry } from '@tandem/contract';
import { ContractFailure } from '../contract/contractFailure';
import type { EventBus } from '../events/eventBus';
import type { Logger } from '../log/logger';
import type { QueueFeed } from './teamQueue';

/** What `team:getDirectory` does on this desk, and who announces `team:directory`. */
export interface TeamDirectoryService {
  read(): Promise<TeamDirectory>;
  dispose(): void;
}

/** A solo desk has no colleagues in a database: its dial box offers the profile's roster only. */
export const SOLO_DIRECTORY: TeamDirectoryService = {
  read: () => Promise.resolve({ agents: [] }),
  dispose: () => undefined,
};

type Queryable = Pick<PoolClient, 'query'>;

const DirectoryRow = z.object({ name: z.string(), uri: z.string() });

/**
 * The colleagues with a SIP address, as this agent's own login may read
 * them (row-level security lets every agent read `agents`; see migration
 * 0001). Only the name and the address are selected, so nothing else about
 * a colleague leaves the database this way. The agent is left out: nobody
 * dials themselves. A name longer than the contract's limit is cut; an
 * address that long is no address and is skipped.
 */
export async function readTeamDirectory(db: Queryable): Promise<TeamDirectoryEntry[]> {
  const found = await db.query(
    `select left(name, 200) as name, sip_uri as uri from agents
      where sip_uri is not null and length(sip_uri) between 1 and 500 and id <> current_user::text
      order by name, id limit $1`,
    [TEAM_DIRECTORY_LIMIT],
  );
  return found.rows.map((row) => DirectoryRow.parse(row));
}

/**
 * Keeps the windows' directories current: a change to `agents` in the feed
 * (an agent added, renamed, given another SIP address, on any desk or by the
 * administrator's CLI) is re-read once the session is live and announced
 * whole with `team:directory`; it is a short list, read in one query, so a
 * burst of changes costs one read. A window that was away asks
 * `team:getDirectory`.
 */
export function createTeamDirectory(options: {
  readonly feed: QueueFeed;
  readonly events: Pick<EventBus, 'emit'>;
  readonly log: Logger;
}): TeamDirectoryService {
  const { feed, events, log } = options;
  let stale = false;
  let reading = false;

  const announce = async (): Promise<void> => {
    if (reading) return;
    reading = true;
    try {
      while (stale) {
        const db = feed.liveSession();
        if (db === undefined) return;
        stale = false;
        try {
          events.emit('team:directory', { agents: await readTeamDirectory(db) });
        } catch (error: unknown) {
          // The session dropped: read again once the feed is live again.
          stale = true;
          log.warn('team: the directory could not be read', { error: String(error) });
          return;
        }
      }
    } finally {
      reading = false;
    }
  };

  const unsubscribeChanges = feed.onChange((change) => {
    if (change.table !== 'agents') return;
    stale = true;
    void announce();
  });
  const unsubscribeStatus = feed.onStatus((status) => {
    if (status.state === 'live') void announce();
  });

  return {
    read: async () => {
      const db = feed.liveSession();
      if (db === undefined) throw new ContractFailure('unavailable', TEAM_CLAIM_ERRORS.offline);
      try {
        return { agents: await readTeamDirectory(db) };
      } catch (error: unknown) {
        log.warn('team: the directory could not be read', { error: String(error) });
        throw new ContractFailure('unavailable', TEAM_CLAIM_ERRORS.offline);
      }
    },
    dispose: () => {
      unsubscribeChanges();
      unsubscribeStatus();
    },
  };
}
