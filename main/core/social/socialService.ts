import type * as z from 'zod';
import type { SocialAccount } from '../profile/profileSchema';
import type { ListeningRule, OutboxEntry, PrivateStep, SocialAuthor, SocialItem, SocialSnapshot, socialRequests } from '@tandem/contract';

type Input<K extends keyof typeof socialRequests> = z.output<(typeof socialRequests)[K]>;

/** What the contract asks of the social desk; state changes reach windows as `social:*` events. */
export interface SocialService {
  snapshot(): SocialSnapshot;
  sync(request: Input<'sync'>): Promise<{ items: SocialItem[]; lastSeq: number }>;
  reply(request: Input<'reply'>): Promise<OutboxEntry>;
  sendMessage(request: Input<'sendMessage'>): Promise<OutboxEntry>;
  like(request: Input<'like'>): Promise<OutboxEntry>;
  getProfile(request: Input<'getProfile'>): Promise<SocialAuthor>;
  getThread(request: Input<'getThread'>): Promise<{ items: SocialItem[] }>;
  /** May this account message the author privately now, or why not (issue 15 item 5). */
  privateStep(request: Input<'privateStep'>): Promise<PrivateStep>;
  setListeningRules(rules: ListeningRule[]): Promise<ListeningRule[]>;
  /** Logs the account in again with the stored password (after the agent typed a new one). */
  reconnect(accountId: string): void;
  /** Starts a connector for an account the agent just added (its login was tested). */
  addAccount(account: SocialAccount): void;
  /** Stops and forgets an account's connector. */
  removeAccount(accountId: string): Promise<void>;
  dispose(): Promise<void>;
}
