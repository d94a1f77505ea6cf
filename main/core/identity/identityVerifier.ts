import { randomUUID } from 'node:crypto';
import type { PendingVerification, SocialItem, StartVerification } from '../../../preload/contract';
import { ContractFailure } from '../contract/contractFailure';
import type { EventBus } from '../events/eventBus';
import type { MainTranslator } from '../i18n/mainI18n';
import type { Logger } from '../log/logger';
import type { SocialService } from '../social/socialService';
import type { Clock } from '../time/clock';
import type { IdentityService } from './identityService';
import { phoneInMessage } from './phoneInMessage';
import { containsCode, newVerificationCode } from './verificationCode';

/** Long enough for a customer to open the app and post; short enough that a leaked code is soon worthless. */
export const CODE_LIFETIME_MS = 30 * 60_000;

export interface IdentityVerifierDeps {
  readonly events: EventBus;
  readonly social: SocialService;
  readonly i18n: MainTranslator;
  readonly clock: Clock;
  readonly log: Logger;
  /** For reading phone numbers typed without a country code. */
  readonly defaultRegion: () => string;
}

const sameHandle = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Issues one-time codes and watches what the connectors receive for the
 * proof: the code posted or sent privately *by that account* (its handle as
 * the network reports it, and we record its DID), or a phone number sent in a
 * private message. Nothing here guesses: no proof, no `identity:proven`.
 */
export class IdentityVerifier implements IdentityService {
  readonly #pending = new Map<string, PendingVerification>();
  readonly #unsubscribe: () => void;

  constructor(private readonly deps: IdentityVerifierDeps) {
    this.#unsubscribe = deps.events.on('social:items', ({ items }) => {
      for (const item of items) this.#inspect(item);
    });
  }

  async start(request: StartVerification): Promise<PendingVerification> {
    this.#expire();
    const accountId = this.deps.social.snapshot().connectors.find((connector) => connector.network === request.network)?.accountId;
    if (accountId === undefined) throw new ContractFailure('unavailable', 'identity.errors.noSocialAccount');
    const pending: PendingVerification = {
      verificationId: randomUUID(),
      customerId: request.customerId,
      network: request.network,
      handle: request.handle.replace(/^@/, ''),
      code: newVerificationCode(),
      expiresAt: this.deps.clock.now() + CODE_LIFETIME_MS,
    };
    if (request.delivery === 'private-message') {
      const author = await this.deps.social.getProfile({ accountId, actor: pending.handle });
      await this.deps.social.sendMessage({
        accountId,
        clientId: `verify-${pending.verificationId}`,
        toDid: author.did,
        text: this.deps.i18n.t('identity.codeMessage', { code: pending.code, brand: accountId.split(':').slice(1).join(':') }),
      });
    }
    this.#pending.set(pending.verificationId, pending);
    return pending;
  }

  cancel(verificationId: string): Promise<void> {
    this.#pending.delete(verificationId);
    return Promise.resolve();
  }

  pending(): PendingVerification[] {
    this.#expire();
    return [...this.#pending.values()];
  }

  dispose(): Promise<void> {
    this.#unsubscribe();
    this.#pending.clear();
    return Promise.resolve();
  }

  #inspect(item: SocialItem): void {
    // The brand's own posts and messages prove nothing about a customer.
    if (item.kind === 'brand-reply' || item.kind === 'brand-message') return;
    this.#expire();
    for (const pending of this.#pending.values()) {
      if (pending.network !== item.network || !sameHandle(pending.handle, item.author.handle) || !containsCode(item.text, pending.code)) continue;
      this.#pending.delete(pending.verificationId);
      this.#prove(item, { verificationId: pending.verificationId, customerId: pending.customerId, method: item.visibility === 'private' ? 'code-message' : 'code-post', phone: null });
      return;
    }
    if (item.visibility === 'private') {
      const phone = phoneInMessage(item.text, this.deps.defaultRegion());
      if (phone !== null) this.#prove(item, { verificationId: null, customerId: null, method: 'phone-in-message', phone });
    }
  }

  #prove(
    item: SocialItem,
    proof: { verificationId: string | null; customerId: string | null; method: 'code-post' | 'code-message' | 'phone-in-message'; phone: string | null },
  ): void {
    this.deps.log.info('identity proven', { network: item.network, method: proof.method });
    this.deps.events.emit('identity:proven', {
      ...proof,
      network: item.network,
      handle: item.author.handle,
      did: item.author.did,
      evidenceUri: item.uri,
      at: this.deps.clock.now(),
    });
  }

  #expire(): void {
    const now = this.deps.clock.now();
    for (const [id, pending] of this.#pending) if (pending.expiresAt <= now) this.#pending.delete(id);
  }
}
