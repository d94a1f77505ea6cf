import type { AppBskyActorDefs, AtpAgent } from '@atproto/api';
import type { SocialAuthor } from '@tandem/contract';
import type { Logger } from '../../log/logger';
import type { Clock } from '../../time/clock';
import { LIMITS, safeHttpUrl, sanitizeText } from '../sanitize';
import { PROFILE } from './commits';
import { isNotFound } from './errors';

/**
 * Who wrote an item. Profiles come from `app.bsky.actor.getProfile` when an
 * AppView answers (follower counts included), else from the
 * `app.bsky.actor.profile` record and `describeRepo` (counts unknown: null),
 * so a bare PDS is enough. Authors are cached for five minutes; the firehose
 * tells the directory when a cached one is stale (a profile commit, a new
 * handle), and an author that cannot be read never loses its item: it shows
 * as its DID.
 */
const PROFILE_TTL_MS = 5 * 60_000;

/**
 * How many DIDs' handles the directory remembers, the least recently told
 * forgotten first. Through a relay the firehose carries every account's
 * identity events, the whole network's: kept without a bound they grew main
 * for as long as it ran. A handle forgotten costs one `describeRepo` when its
 * author's profile is read again.
 */
export const HANDLES_KEPT = 10_000;

/** An `app.bsky.actor.profile` record as read from a repo: untrusted, every field unknown. */
export interface ProfileRecord {
  displayName?: unknown;
  description?: unknown;
  avatar?: { ref?: unknown };
}

export function authorFromView(data: AppBskyActorDefs.ProfileViewDetailed): SocialAuthor {
  return {
    did: data.did,
    handle: sanitizeText(data.handle, LIMITS.handle, { singleLine: true }),
    displayName: sanitizeText(data.displayName, LIMITS.displayName, { singleLine: true }),
    description: sanitizeText(data.description, LIMITS.description),
    avatarUrl: safeHttpUrl(data.avatar),
    followers: typeof data.followersCount === 'number' ? data.followersCount : null,
    following: typeof data.followsCount === 'number' ? data.followsCount : null,
  };
}

/** The blob URL of a record's avatar on `service`, or null; a CID that is not plain base32/58 is refused rather than escaped. */
export function avatarUrl(service: string, did: string, avatar: ProfileRecord['avatar']): string | null {
  // A blob ref is a CID object once @atproto/api has parsed the record, or `{ $link }` in raw JSON.
  const ref = avatar?.ref as { $link?: unknown; toString(): string } | null | undefined;
  const cid = ref === null || ref === undefined ? null : typeof ref.$link === 'string' ? ref.$link : ref.toString();
  if (cid === null || !/^[a-z0-9]+$/i.test(cid)) return null;
  return safeHttpUrl(`${new URL('/xrpc/com.atproto.sync.getBlob', service).toString()}?did=${encodeURIComponent(did)}&cid=${cid}`);
}

export function authorFromRecord(service: string, did: string, handle: string, value: ProfileRecord): SocialAuthor {
  return {
    did,
    handle: sanitizeText(handle, LIMITS.handle, { singleLine: true }),
    displayName: sanitizeText(value.displayName, LIMITS.displayName, { singleLine: true }),
    description: sanitizeText(value.description, LIMITS.description),
    avatarUrl: avatarUrl(service, did, value.avatar),
    followers: null,
    following: null,
  };
}

/** Stands in for an author whose profile could not be read. */
export function unknownAuthor(did: string, handle: string | undefined): SocialAuthor {
  return { did, handle: handle ?? did, displayName: '', description: '', avatarUrl: null, followers: null, following: null };
}

export class ProfileDirectory {
  readonly #profiles = new Map<string, { author: SocialAuthor; fetchedAt: number }>();
  readonly #handles = new Map<string, string>();
  #appView: boolean | null = null;

  constructor(
    private readonly agent: AtpAgent,
    private readonly deps: { readonly service: string; readonly clock: Clock; readonly log: Logger },
  ) {}

  /** Finds out once whether the service answers AppView queries, by reading the brand's own profile. */
  async probeAppView(did: string): Promise<void> {
    if (this.#appView !== null) return;
    try {
      await this.agent.app.bsky.actor.getProfile({ actor: did });
      this.#appView = true;
    } catch {
      this.#appView = false;
    }
  }

  /** Whether the service answered the probe as an AppView (false until probed). */
  get hasAppView(): boolean {
    return this.#appView === true;
  }

  /** The author of an item: cached, and never throws. */
  async author(did: string): Promise<SocialAuthor> {
    this.#forgetStale();
    const cached = this.#profiles.get(did);
    if (cached !== undefined && this.deps.clock.now() - cached.fetchedAt < PROFILE_TTL_MS) return cached.author;
    try {
      return this.#remember(did, await this.#fetch(did));
    } catch (error: unknown) {
      // The item must not be lost because its author's profile could not be read: show the DID.
      this.deps.log.warn('bluesky: profile unavailable', { did, error: String(error) });
      return unknownAuthor(did, this.#handles.get(did));
    }
  }

  /** A fresh read of `actor` (a DID or a handle), for the desk's profile card; throws when it cannot be read. */
  async lookup(actor: string): Promise<SocialAuthor> {
    const author = await this.#fetch(actor);
    return this.#remember(author.did, author);
  }

  /** The firehose saw a new handle for `did`. */
  handleChanged(did: string, handle: string): void {
    this.#rememberHandle(did, handle);
    this.#profiles.delete(did);
  }

  /** How many authors' profiles and handles are held (tests read the bounds). */
  get held(): { readonly profiles: number; readonly handles: number } {
    return { profiles: this.#profiles.size, handles: this.#handles.size };
  }

  /** The firehose saw `did`'s profile record change. */
  profileChanged(did: string): void {
    this.#profiles.delete(did);
  }

  #remember(did: string, author: SocialAuthor): SocialAuthor {
    // Moved to the end, so the map stays in the order of `fetchedAt` and the stale ones are at its front.
    this.#profiles.delete(did);
    this.#profiles.set(did, { author, fetchedAt: this.deps.clock.now() });
    return author;
  }

  /** A profile past its five minutes is read again anyway: each distinct author of a busy day held it for good. */
  #forgetStale(): void {
    const now = this.deps.clock.now();
    for (const [did, { fetchedAt }] of this.#profiles) {
      if (now - fetchedAt < PROFILE_TTL_MS) return;
      this.#profiles.delete(did);
    }
  }

  #rememberHandle(did: string, handle: string): void {
    this.#handles.delete(did);
    this.#handles.set(did, handle);
    if (this.#handles.size > HANDLES_KEPT) this.#handles.delete(this.#handles.keys().next().value ?? did);
  }

  async #fetch(actor: string): Promise<SocialAuthor> {
    if (this.#appView === true) return authorFromView((await this.agent.app.bsky.actor.getProfile({ actor })).data);
    const did = actor.startsWith('did:') ? actor : (await this.agent.com.atproto.identity.resolveHandle({ handle: actor })).data.did;
    let handle = this.#handles.get(did);
    if (handle === undefined) {
      handle = (await this.agent.com.atproto.repo.describeRepo({ repo: did })).data.handle;
      this.#rememberHandle(did, handle);
    }
    let value: ProfileRecord = {};
    try {
      value = (await this.agent.com.atproto.repo.getRecord({ repo: did, collection: PROFILE, rkey: 'self' })).data.value;
    } catch (error: unknown) {
      if (!isNotFound(error)) throw error;
    }
    return authorFromRecord(this.deps.service, did, handle, value);
  }
}
