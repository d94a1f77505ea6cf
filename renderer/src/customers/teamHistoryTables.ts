import type { EntityTable } from 'dexie';

/**
 * Team mode: how far this desk's cache has caught up with the team's shared
 * history (schema version 7, db.ts). One row, `history`: every change to the
 * team's customers, identities, interactions and notes up to `seq` is in the
 * cache, so a reload asks main (`team:rowsSince`) only for what came after.
 */
export interface TeamCursor {
  readonly key: 'history';
  readonly seq: number;
}

export const TEAM_HISTORY_STORES = { teamCursors: 'key' } as const;

export interface TeamHistoryTables {
  teamCursors: EntityTable<TeamCursor, 'key'>;
}
