import { initial } from './0001_initial';
import { readIndexes } from './0002_read_indexes';
import type { Migration } from './migration';

export type { Migration } from './migration';

/** Every step, in order; the last one's version is the schema this build knows. */
export const MIGRATIONS: readonly Migration[] = [initial, readIndexes];

export const LATEST_SCHEMA = MIGRATIONS.length;
