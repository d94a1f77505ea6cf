import type { EventBus } from '../events/eventBus';
import type { Logger } from '../log/logger';
import type { Profile, SocialAccount } from '../profile/profileSchema';
import type { SecretStore } from '../secrets/secretStore';
import type { TeamService } from '../team/teamService';
import { BlueskyConnector, type BlueskyConnectorOptions } from './bluesky/blueskyConnector';
import { ConnectorRegistry } from './connectorRegistry';
import { NoSocialAccounts } from './noSocialAccounts';
import { safeHttpUrl } from './sanitize';
import { SocialDesk } from './socialDesk';
import type { SocialService } from './socialService';

export interface SocialDeps {
  readonly profile: Profile;
  /** The accounts in force (the profile's and those added in the app: SettingsService.socialAccounts). */
  readonly accounts: readonly SocialAccount[];
  readonly secrets: SecretStore;
  readonly events: EventBus;
  readonly log: Logger;
  readonly dataDir: string | undefined;
  /** The desk's team session; with a team database the social desk works in team mode (teamLink.ts). */
  readonly team?: Pick<TeamService, 'feed' | 'sessionConfig'>;
}

/** The networks Tandem can connect to. A new network is one more `register` here. */
export function defaultRegistry(): ConnectorRegistry {
  return new ConnectorRegistry().register('bluesky', (context) => new BlueskyConnector(context, blueskyOptionsOf(context.account)));
}

/** Bluesky options from the account's profile entry: the chat service and the firehose (each only when http(s)/ws(s)), the backfill window. */
export function blueskyOptionsOf(account: SocialAccount): BlueskyConnectorOptions {
  const chatUrl = safeHttpUrl(account.chatService?.url);
  return {
    ...(chatUrl !== null && account.chatService !== undefined ? { chat: { url: chatUrl, did: account.chatService.did } } : {}),
    ...(account.firehose === undefined ? {} : { firehose: account.firehose }),
    ...(account.backfillHours === undefined ? {} : { backfillHours: account.backfillHours }),
  };
}

export async function createSocial(deps: SocialDeps): Promise<SocialService> {
  const { team: session, ...solo } = deps;
  // A solo desk opens even without accounts: the agent can connect one in the app.
  if (session?.feed === undefined || session.sessionConfig === undefined) return SocialDesk.open({ ...solo, registry: defaultRegistry() });
  if (deps.accounts.length === 0) return new NoSocialAccounts();
  // Loaded only for a team desk: it brings the PostgreSQL driver.
  const { TeamSocial } = await import('./team/teamSocial');
  const team = new TeamSocial({ config: session.sessionConfig, feed: session.feed, log: deps.log });
  return SocialDesk.open({ ...solo, registry: defaultRegistry(), team });
}
