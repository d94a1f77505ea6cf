import type { UserAgent } from 'sip.js';
import type { MediaReply, RegistrationState, SoftphoneSnapshot } from '@tandem/contract';
import type { EventBus, WindowId } from '../events/eventBus';
import type { Logger } from '../log/logger';
import type { SipAccount } from '../profile/profileSchema';
import { AccountSecrets, sipIdentity } from '../secrets/accountSecrets';
import type { SecretStore } from '../secrets/secretStore';
import { CallManager } from './calls/callManager';
import { StandbyMedia } from './calls/standbyMedia';
import { DEFAULT_TRANSFER_RULES, type TransferPolicy } from './calls/referPolicy';
import { domainOf } from './calls/dialTarget';
import { systemClock, type Clock } from '../time/clock';
import { inviteOfferOf } from './calls/call';
import { bridgeSdhFactory } from './media/bridgeSessionDescriptionHandler';
import { MediaBroker } from './media/mediaBroker';
import { mediaReady, restoreHandedOn } from './mediaReady';
import { RegistrationController, type RegistrationTimings } from './registration/registrationController';
import { SipRegistrarPort } from './sip/sipRegistrarPort';
import { SipTls } from './sip/sipTls';
import { createSipUserAgent } from './sip/sipUserAgent';
import type { CallControls, SoftphoneService } from './softphoneService';

/** Registration states on the way back to 'registered': the standby connection stays. */
const TRANSIENT_STATES: ReadonlySet<RegistrationState> = new Set(['connecting', 'registering', 'backoff']);

export interface SipSoftphoneOptions {
  readonly sip: SipAccount;
  readonly secrets: SecretStore;
  readonly events: EventBus;
  readonly log: Logger;
  readonly clock?: Clock;
  readonly timings?: Partial<RegistrationTimings>;
  /** Register as soon as the softphone is built (the desk's default). */
  readonly autoRegister?: boolean;
  /** Who may transfer the agent's calls with a REFER; default: nobody without asking, never from outside. */
  readonly transfers?: { readonly policy: TransferPolicy; readonly roster: readonly string[] };
  /** The deployment's extension pattern (profile `sip.extensionPattern`); default 2–6 digits. */
  readonly extensionPattern?: RegExp;
}

/**
 * The softphone of a seat with a SIP account: one sip.js UserAgent in main,
 * the registration controller keeping it registered, the call manager for
 * calls, and the media bridge to the renderer's engine.
 */
export class SipSoftphone implements SoftphoneService {
  readonly #ua: UserAgent;
  readonly #registration: RegistrationController;
  readonly #calls: CallManager;
  /** The contract's call controls are the call manager's own. */
  readonly calls: CallControls;
  readonly #broker: MediaBroker;
  readonly #standby: StandbyMedia;
  readonly #log: Logger;

  constructor(options: SipSoftphoneOptions) {
    const clock = options.clock ?? systemClock;
    const { sip, events, log } = options;
    this.#log = log;
    this.#broker = new MediaBroker(events, clock, sip.iceServers, log);
    const tls = new SipTls(sip.trustedCertificates);
    // The UA's callbacks only run once it is connected, by which time both exist.
    this.#ua = createSipUserAgent({
      server: sip.server,
      uri: sip.uri,
      authorizationUser: sip.authorizationUser,
      displayName: sip.displayName,
      // Every call we receive is prepared with its INVITE's offer (CallManager.incoming).
      sessionDescriptionHandlerFactory: bridgeSdhFactory(
        this.#broker,
        (session) => calls.callIdOf(session),
        log,
        inviteOfferOf,
        (callId) => calls.renegotiation.answerLost(callId),
      ),
      delegate: {
        onInvite: (invitation) => calls.incoming(invitation),
        onDisconnect: (error) => port.transportDisconnected(error),
      },
      log,
      tls,
    });
    const secrets = new AccountSecrets(options.secrets);
    // Only the secret bound to the account this UserAgent really talks to (issue 9: never a stored password to another server).
    const port = new SipRegistrarPort({ ua: this.#ua, password: (account) => secrets.get(sipIdentity(account)), tls });
    const standby = new StandbyMedia({ broker: this.#broker, clock });
    this.#standby = standby;
    const calls = new CallManager({
      userAgent: () => this.#ua,
      broker: this.#broker,
      standby,
      clock,
      log,
      defaultRegion: sip.defaultRegion,
      domain: domainOf(sip.uri),
      ...(options.extensionPattern === undefined ? {} : { extensionPattern: options.extensionPattern }),
      onCall: (info) => events.emit('softphone:call', info),
      onTransferRequest: (request) => events.emit('softphone:transferRequest', request),
      transferRules: {
        domain: domainOf(sip.uri),
        defaultRegion: sip.defaultRegion,
        ...DEFAULT_TRANSFER_RULES,
        ...options.transfers?.policy,
        roster: options.transfers?.roster ?? [],
      },
    });
    this.#calls = calls;
    this.calls = calls;
    // Disposed with the broker: dispose() cancels the grace and stops watching windows before anything could fire.
    restoreHandedOn({ broker: this.#broker, calls });
    this.#registration = new RegistrationController({ port, clock, log, ...(options.timings === undefined ? {} : { timings: options.timings }) });
    this.#registration.onStatus((status) => {
      events.emit('softphone:registration', status);
      // The next outbound call's connection is kept ready while the line can place calls.
      if (status.state === 'registered') standby.warm();
      else if (!TRANSIENT_STATES.has(status.state)) standby.drop();
    });
    this.#registration.onTransportRestored(() => {
      void this.#calls.renegotiateAll('transport-restored');
    });
    if (options.autoRegister ?? true) {
      this.register().catch((error: unknown) =>
        log.warn('softphone: first registration failed (the registration controller decides whether to retry)', { error: String(error) }),
      );
    }
  }

  snapshot(): SoftphoneSnapshot {
    return {
      registration: this.#registration.status(),
      calls: this.#calls.list(),
      transferRequests: this.#calls.transferRequests(),
      ended: this.#calls.ended.list(),
      standby: this.#standby.id,
    };
  }

  register(): Promise<void> {
    return this.#registration.register();
  }
  unregister(): Promise<void> {
    return this.#registration.unregister();
  }
  async mediaReady(from?: WindowId, held?: readonly string[]): Promise<void> {
    this.#log.info('softphone: media engine ready, restoring media', { from, reconnected: held !== undefined });
    await mediaReady({ broker: this.#broker, calls: this.#calls, standby: this.#standby }, { from, held });
  }
  mediaReply(reply: MediaReply, from: WindowId): void {
    this.#broker.reply(reply, from);
  }
  mediaReleased(from: WindowId): void {
    this.#log.info('softphone: a page lets go of its media as it closes for good', { from });
    this.#broker.letGo(from);
  }
  networkChanged(): void {
    // The standby's ICE candidates name the old addresses.
    this.#standby.drop(true);
    this.#registration.networkChanged();
  }
  async dispose(): Promise<void> {
    this.#standby.drop();
    await this.#calls.dispose();
    await this.#registration.dispose();
    this.#broker.dispose();
  }
}
