/**
 * One step of the team database's schema. Steps are numbered from 1 and
 * applied in order, each in its own transaction (see `migrate.ts`); a shipped
 * step is never edited, a change is a new step.
 */
export interface Migration {
  /** The schema version the database is at once this step is applied. */
  readonly version: number;
  /** What the step does, for the administrator's log. */
  readonly name: string;
  /** Plain SQL, run as one simple query by the administrator (the tables' owner). */
  readonly sql: string;
}
