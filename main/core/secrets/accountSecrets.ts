import { createHash } from 'node:crypto';
import type { SecretStore } from './secretStore';

/**
 * A password belongs to one account, and is only ever handed out for that
 * account. Why: a SIP password answers digest challenges, so whoever receives
 * the REGISTER learns a digest of it (RFC 3261 §22.4). When the secret was
 * stored on its own, changing the phone account's server in the app without
 * typing the password again sent a digest of the old password to the new
 * server. Now every secret is stored with the identity of its account, and a
 * reader must name the account it is about to talk to: a secret bound to
 * another account is, for that reader, absent.
 *
 * - SIP: the WebSocket server, the domain of the SIP URI and the user that
 *   authenticates (the authorization user, else the URI's user, as sip.js does).
 * - Social: network, service URL and handle (an app password sent to another
 *   service would be the same leak).
 * - Team database: host, port, database and user. PostgreSQL's SCRAM never
 *   sends the password itself, but `password` and `md5` authentication do, and
 *   the server picks the method: a password bound to one server must never be
 *   offered to another.
 */
export type AccountIdentity =
  | { readonly kind: 'sip'; readonly server: string; readonly domain: string; readonly authorizationUser: string }
  | { readonly kind: 'social'; readonly network: string; readonly service: string; readonly handle: string }
  | { readonly kind: 'team'; readonly host: string; readonly port: number; readonly database: string; readonly user: string };

/** Who put the secret there: the agent in the app, or the deployment's profile (see SettingsService.open). */
export type SecretOrigin = 'app' | 'profile';

export interface SipAccountRef {
  readonly server: string;
  readonly uri: string;
  readonly authorizationUser?: string | undefined;
}

export interface SocialAccountRef {
  readonly network: string;
  readonly service: string;
  readonly handle: string;
}

/** `ws://Host:80/` and `ws://host` are one server: compare what the URL parser makes of them. */
function normalisedUrl(value: string): string {
  try {
    return new URL(value).href;
  } catch {
    return value;
  }
}

const SIP_URI = /^sips?:([^@]+)@([^;?]+)/i;

export function sipIdentity(account: SipAccountRef): AccountIdentity {
  const match = SIP_URI.exec(account.uri);
  const user = match?.[1] ?? '';
  const authorizationUser = account.authorizationUser === undefined || account.authorizationUser === '' ? user : account.authorizationUser;
  return { kind: 'sip', server: normalisedUrl(account.server), domain: (match?.[2] ?? account.uri).toLowerCase(), authorizationUser };
}

export function socialIdentity(account: SocialAccountRef): AccountIdentity {
  return { kind: 'social', network: account.network, service: normalisedUrl(account.service), handle: account.handle.toLowerCase() };
}

export interface TeamDatabaseRef {
  /** postgresql://user@host:port/database (without a password). */
  readonly url: string;
  /** The login the desk uses (agent.id, else the URL's user). */
  readonly login: string;
}

/** The database account a team password belongs to: PostgreSQL's defaults (port 5432, database = user) filled in. */
export function teamIdentity(database: TeamDatabaseRef): AccountIdentity {
  const url = new URL(database.url);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  return {
    kind: 'team',
    host: url.hostname.toLowerCase(),
    port: url.port === '' ? 5432 : Number(url.port),
    database: name === '' ? database.login : name,
    user: database.login,
  };
}

/** One string per identity, fields in a fixed order. */
export function canonicalIdentity(identity: AccountIdentity): string {
  return canonical(identity);
}

function canonical(identity: AccountIdentity): string {
  switch (identity.kind) {
    case 'sip':
      return JSON.stringify(['sip', identity.server, identity.domain, identity.authorizationUser]);
    case 'social':
      return JSON.stringify(['social', identity.network, identity.service, identity.handle]);
    case 'team':
      return JSON.stringify(['team', identity.host, identity.port, identity.database, identity.user]);
  }
}

export const sameAccount = (a: AccountIdentity, b: AccountIdentity): boolean => canonical(a) === canonical(b);

interface BoundRecord {
  readonly account: string;
  readonly origin: SecretOrigin;
  readonly secret: string;
}

function parseRecord(text: string | undefined): BoundRecord | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const { account, origin, secret } = value as Record<string, unknown>;
    if (typeof account !== 'string' || typeof secret !== 'string' || (origin !== 'app' && origin !== 'profile')) return undefined;
    return { account, origin, secret };
  } catch {
    return undefined;
  }
}

/**
 * Account-bound secrets over any SecretStore (safeStorage in Electron, memory
 * in the browser host). Each account has its own entry, keyed by a hash of its
 * identity (the store's key names, which may show up in a log, say nothing
 * about the account), and the entry repeats the identity it was stored for:
 * `get` checks it, so a secret can't be read for another account even by a
 * key collision or a hand-edited store.
 */
export class AccountSecrets {
  constructor(private readonly store: SecretStore) {}

  async get(identity: AccountIdentity): Promise<string | undefined> {
    return (await this.#record(identity))?.secret;
  }

  async origin(identity: AccountIdentity): Promise<SecretOrigin | undefined> {
    return (await this.#record(identity))?.origin;
  }

  set(identity: AccountIdentity, secret: string, origin: SecretOrigin): Promise<void> {
    const record: BoundRecord = { account: canonical(identity), origin, secret };
    return this.store.set(keyOf(identity), JSON.stringify(record));
  }

  delete(identity: AccountIdentity): Promise<void> {
    return this.store.delete(keyOf(identity));
  }

  async #record(identity: AccountIdentity): Promise<BoundRecord | undefined> {
    const record = parseRecord(await this.store.get(keyOf(identity)));
    return record !== undefined && record.account === canonical(identity) ? record : undefined;
  }
}

function keyOf(identity: AccountIdentity): string {
  return `${identity.kind}.account.${createHash('sha256').update(canonical(identity)).digest('hex').slice(0, 32)}`;
}
