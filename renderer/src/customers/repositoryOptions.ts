/** What every part of the customer repository may be given instead of the real clock and ids (tests, benches). */
export interface RepositoryOptions {
  readonly now?: () => number;
  readonly newId?: () => string;
}
