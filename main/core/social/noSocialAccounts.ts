import type { SocialSnapshot } from '@tandem/contract';
import { ContractFailure } from '../contract/contractFailure';
import type { SocialService } from './socialService';

const noAccount = (): Promise<never> => Promise.reject(new ContractFailure('unavailable', 'social.errors.noAccount'));

/**
 * The social desk of a team seat without social accounts: empty, and says so
 * when asked to send. (A solo desk always opens a SocialDesk, so an agent can
 * add an account in the app; a team's accounts come from its profile.)
 */
export class NoSocialAccounts implements SocialService {
  snapshot(): SocialSnapshot {
    return { connectors: [], outbox: [], rules: [], lastSeq: -1 };
  }
  sync(): Promise<{ items: never[]; lastSeq: number }> {
    return Promise.resolve({ items: [], lastSeq: -1 });
  }
  reply = noAccount;
  sendMessage = noAccount;
  like = noAccount;
  getProfile = noAccount;
  getThread = noAccount;
  privateStep = noAccount;
  setListeningRules = noAccount;
  reconnect(): void {
    throw new ContractFailure('rejected', 'social.errors.unknownAccount');
  }
  addAccount(): void {
    throw new ContractFailure('rejected', 'settings.errors.teamSocialAccounts');
  }
  removeAccount(): Promise<void> {
    return Promise.reject(new ContractFailure('rejected', 'social.errors.unknownAccount'));
  }
  dispose(): Promise<void> {
    return Promise.resolve();
  }
}
