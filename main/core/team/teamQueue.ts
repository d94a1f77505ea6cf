import { TEAM_CLAIM_ERRORS, VIEWING_TTL_MS, type StatusOutcome, type TeamConversationStatus, type TeamQueueSnapshot, type TeamSelf } from '@tandem/contract';
import { ContractFailure } from '../contract/contractFailure';
import type { EventBus } from '../events/eventBus';
import type { Logger } from '../log/logger';
import type { ClaimSession } from './teamClaims';
import type { TeamChange, TeamFeedStatus } from './teamFeed';
import { readConversations, readQueue, readSelf, readViewing, writeStatus, writeViewing } from './queueRows';

/** What `team:getQueue`, `team:setViewing` and `team:setStatus` do on this desk. */
export interface TeamQueue {
  snapshot(): Promise<TeamQueueSnapshot>;
  setViewing(conversationId: string | null): Promise<null>;
  setStatus(conversationId: string, status: TeamConversationStatus): Promise<StatusOutcome>;
  dispose(): void;
}

/** A solo desk has no team: nobody else handles or views anything, and its statuses stay in its own cache. */
export const SOLO_QUEUE: TeamQueue = {
  snapshot: () => Promise.resolve({ self: null, conversations: [], viewing: [] }),
  setViewing: () => Promise.resolve(null),
  setStatus: () => Promise.reject(new ContractFailure('unavailable', TEAM_CLAIM_ERRORS.solo)),
  dispose: () => undefined,
};

/** The part of the change feed the queue needs (TeamFeed; a fake in unit tests). */
export interface QueueFeed {
  onChange(listener: (change: TeamChange) => void): () => void;
  onStatus(listener: (status: TeamFeedStatus) => void): () => void;
  liveSession(): ClaimSession | undefined;
}

/**
 * Turns the change feed's "row X of table T changed" into the queue events
 * every window shows (`team:conversation`, `team:viewing`).
 *
 * NOTIFY carries no content, so each changed row is read again by SELECT, on
 * the feed's own session, under this agent's rights. Changed ids wait in a
 * set until the session is live (changes applied during a catch-up come
 * before it is) and are then read in one query per table: a burst of
 * changes to one conversation costs one read, and what is read is the row
 * as it is now, so a late read never shows an older state than an earlier
 * one. This agent's own viewing row is not announced: nobody needs to be
 * told they are viewing.
 */
export function createTeamQueue(options: {
  readonly feed: QueueFeed;
  readonly events: Pick<EventBus, 'emit'>;
  /** The agent's team login. */
  readonly agentId: string;
  readonly log: Logger;
  readonly viewingTtlMs?: number;
}): TeamQueue {
  const { feed, events, agentId, log } = options;
  const conversations = new Set<string>();
  const viewers = new Set<string>();
  let self: TeamSelf | null = null;
  let selfStale = true;
  let draining = false;

  const drain = async (): Promise<void> => {
    if (draining) return;
    draining = true;
    try {
      for (;;) {
        const db = feed.liveSession();
        if (db === undefined || (conversations.size === 0 && viewers.size === 0)) return;
        const ids = [...conversations];
        const agents = [...viewers];
        conversations.clear();
        viewers.clear();
        try {
          if (ids.length > 0) for (const conversation of await readConversations(db, ids)) events.emit('team:conversation', conversation);
          if (agents.length > 0) for (const viewing of await readViewing(db, agents)) events.emit('team:viewing', viewing);
        } catch (error: unknown) {
          // The session dropped: read them again once the feed is live again (its status listener drains).
          for (const id of ids) conversations.add(id);
          for (const id of agents) viewers.add(id);
          log.warn('team: a changed conversation could not be read', { error: String(error) });
          return;
        }
      }
    } finally {
      draining = false;
    }
  };

  const unsubscribeChanges = feed.onChange((change) => {
    if (change.table === 'conversations') conversations.add(change.id);
    else if (change.table === 'agent_viewing' && change.id !== agentId) viewers.add(change.id);
    else if (change.table === 'agents' && change.id === agentId) selfStale = true;
    else return;
    void drain();
  });
  const unsubscribeStatus = feed.onStatus((status) => {
    if (status.state === 'live') void drain();
  });

  const session = (): ClaimSession => {
    const db = feed.liveSession();
    if (db === undefined) throw new ContractFailure('unavailable', TEAM_CLAIM_ERRORS.offline);
    return db;
  };
  /** Runs on the live session; a failure mid-statement is "offline" for the agent, as for claims. */
  const run = async <T>(action: string, work: (db: ClaimSession) => Promise<T>): Promise<T> => {
    const db = session();
    try {
      return await work(db);
    } catch (error: unknown) {
      log.warn('team: a queue request could not reach the database', { action, error: String(error) });
      throw new ContractFailure('unavailable', TEAM_CLAIM_ERRORS.offline);
    }
  };

  return {
    snapshot: () =>
      run('snapshot', async (db) => {
        if (selfStale || self === null) {
          self = await readSelf(db);
          selfStale = false;
        }
        return { self, ...(await readQueue(db)) };
      }),
    setViewing: (conversationId) => run('viewing', (db) => writeViewing(db, conversationId, options.viewingTtlMs ?? VIEWING_TTL_MS).then(() => null)),
    setStatus: (conversationId, status) => run('status', (db) => writeStatus(db, conversationId, status)),
    dispose: () => {
      unsubscribeChanges();
      unsubscribeStatus();
    },
  };
}
