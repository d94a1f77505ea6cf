/**
 * The desk's database name and the schema version this build writes, in a
 * module with no imports: the reload's first read (rawHeadStart.ts) needs
 * them before the rest of the bundle, db.ts's upgrades among it, has been
 * evaluated. db.ts declares the versions; a unit test holds this number to
 * the last of them.
 */
export const DB_NAME = 'tandem';

/** The highest version in db.ts's SCHEMA_VERSIONS. */
export const LATEST_VERSION = 11;
