import { randomUUID } from 'node:crypto';
import type { ConfirmOutcome, ConfirmVerificationCode, IdentityProven, PendingVerification, SocialItem, StartVerification } from '@tandem/contract';
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
/** Wrong codes typed for one verification before it is void: a caller cannot have the agent try them all. */
export const READ_BACK_ATTEMPTS = 5;

export interface IdentityVerifierDeps {
  readonly events: EventBus;
  readonly social: SocialService;
  readonly i18n: MainTranslator;
  readonly clock: Clock;
  readonly log: Logger;
  /** For reading phone numbers typed without a country code. */
  readonly defaultRegion: () => string;
  /** The E.164 number of a live (not ended) call's remote party; null when there is no such call or no number. */
  readonly callerNumber: (callId: string) => string | null;
}

const sameHandle = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
/** "843 261", "843-261" → "843261". */
const typedDigits = (text: string) => text.replace(/[\s\-.\u00a0]/g, '');

/**
 * Issues one-time codes and watches for the answer; nothing here guesses.
 * A proof (`identity:proven`) always carries the account's DID and, when the
 * code went through a call, that call's number, so the renderer can tell a
 * code round trip between *this number and this account* from anything less:
 *
 * - delivery `voice`: the agent reads the code on the call; the account posts
 *   it or sends it privately (matched by DID when the request named one, else
 *   by handle);
 * - delivery `private-message`: the desk sends the code to the account; only
 *   the caller reading it back on a live call proves anything (`confirm`).
 *   The account sending it back proves nothing: it is where the code went.
 *
 * A phone number sent privately is reported as a claim (`identity:claimed`),
 * never as proof (issue 9: knowing a number is not owning it).
 */
export class IdentityVerifier implements IdentityService {
  readonly #pending = new Map<string, PendingVerification>();
  readonly #attempts = new Map<string, number>();
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
    const phone = request.callId === undefined ? null : this.deps.callerNumber(request.callId);
    if (request.callId !== undefined && phone === null) throw new ContractFailure('rejected', 'identity.errors.noCall');
    const handle = request.handle.replace(/^@/, '');
    let did = request.did ?? null;
    if (request.delivery === 'private-message') {
      did ??= (await this.deps.social.getProfile({ accountId, actor: handle })).did;
    }
    const pending: PendingVerification = {
      verificationId: randomUUID(),
      customerId: request.customerId,
      network: request.network,
      handle,
      delivery: request.delivery,
      code: newVerificationCode(),
      phone,
      did,
      expiresAt: this.deps.clock.now() + CODE_LIFETIME_MS,
    };
    if (pending.delivery === 'private-message' && did !== null) {
      await this.deps.social.sendMessage({
        accountId,
        clientId: `verify-${pending.verificationId}`,
        toDid: did,
        text: this.deps.i18n.t('identity.codeMessage', { code: pending.code, brand: accountId.split(':').slice(1).join(':') }),
      });
    }
    this.#pending.set(pending.verificationId, pending);
    return pending;
  }

  confirm(request: ConfirmVerificationCode): Promise<ConfirmOutcome> {
    this.#expire();
    const pending = this.#pending.get(request.verificationId);
    if (pending?.delivery !== 'private-message' || pending.did === null) return Promise.resolve({ outcome: 'expired' });
    const phone = this.deps.callerNumber(request.callId);
    // Read back on a call from the number it was bound to (when it was started on one), and from a number at all.
    if (phone === null || (pending.phone !== null && pending.phone !== phone)) return Promise.resolve({ outcome: 'no-call' });
    if (typedDigits(request.code) !== pending.code) {
      const attempts = (this.#attempts.get(pending.verificationId) ?? 0) + 1;
      this.#attempts.set(pending.verificationId, attempts);
      if (attempts < READ_BACK_ATTEMPTS) return Promise.resolve({ outcome: 'wrong-code' });
      this.#forget(pending.verificationId);
      return Promise.resolve({ outcome: 'expired' });
    }
    this.#forget(pending.verificationId);
    this.#prove({
      verificationId: pending.verificationId,
      customerId: pending.customerId,
      network: pending.network,
      handle: pending.handle,
      did: pending.did,
      method: 'code-read-back',
      phone,
      evidenceUri: `call:${request.callId}`,
    });
    return Promise.resolve({ outcome: 'proven' });
  }

  cancel(verificationId: string): Promise<void> {
    this.#forget(verificationId);
    return Promise.resolve();
  }

  pending(): PendingVerification[] {
    this.#expire();
    return [...this.#pending.values()];
  }

  dispose(): Promise<void> {
    this.#unsubscribe();
    this.#pending.clear();
    this.#attempts.clear();
    return Promise.resolve();
  }

  #inspect(item: SocialItem): void {
    // The brand's own posts and messages prove nothing about a customer.
    if (item.kind === 'brand-reply' || item.kind === 'brand-message') return;
    this.#expire();
    for (const pending of this.#pending.values()) {
      if (pending.delivery !== 'voice' || pending.network !== item.network || !containsCode(item.text, pending.code)) continue;
      const author = pending.did === null ? sameHandle(pending.handle, item.author.handle) : pending.did === item.author.did;
      if (!author) continue;
      this.#forget(pending.verificationId);
      this.#prove({
        verificationId: pending.verificationId,
        customerId: pending.customerId,
        network: item.network,
        handle: item.author.handle,
        did: item.author.did,
        method: item.visibility === 'private' ? 'code-message' : 'code-post',
        phone: pending.phone,
        evidenceUri: item.uri,
      });
      return;
    }
    if (item.visibility === 'private') {
      const phone = phoneInMessage(item.text, this.deps.defaultRegion());
      if (phone === null) return;
      this.deps.log.info('identity claimed', { network: item.network });
      this.deps.events.emit('identity:claimed', {
        network: item.network,
        handle: item.author.handle,
        did: item.author.did,
        phone,
        evidenceUri: item.uri,
        at: this.deps.clock.now(),
      });
    }
  }

  #prove(proof: Omit<IdentityProven, 'at'>): void {
    this.deps.log.info('identity proven', { network: proof.network, method: proof.method, phoneBound: proof.phone !== null });
    this.deps.events.emit('identity:proven', { ...proof, at: this.deps.clock.now() });
  }

  #forget(verificationId: string): void {
    this.#pending.delete(verificationId);
    this.#attempts.delete(verificationId);
  }

  #expire(): void {
    const now = this.deps.clock.now();
    for (const [id, pending] of this.#pending) if (pending.expiresAt <= now) this.#forget(id);
  }
}
