import { type OwnAvailability, type ResponseTargets, type SupervisorBoard, type SupervisorQueue } from '@tandem/contract';
import type { ClientConfig } from 'pg';
import type { SipAccount } from '../profile/profileSchema';
import type { Logger } from '../log/logger';
import { AccountSecrets, sipIdentity } from '../secrets/accountSecrets';
import type { SecretStore } from '../secrets/secretStore';
import { createSipUserAgent } from '../softphone/sip/sipUserAgent';
import { SipTls } from '../softphone/sip/sipTls';
import { systemClock, type Clock } from '../time/clock';
import type { DesktopNotifier } from '../alerts/desktopNotifier';
import type { MainTranslator } from '../i18n/mainI18n';
import { SupervisorAlertNotifier } from './alertsNotifier';
import { AvailabilityService } from './availabilityService';
import { DialogWatcher } from './dialogWatcher';
import { QueueService } from './queueService';
import { SipDialogWatchPort } from './sipDialogWatchPort';
import { SupervisorService, type BoardChanges } from './supervisorService';
import { VolumeService } from './volumeService';
import { TeamPool } from './teamPool';

/** Wrap-up after a call when the profile does not say (`team.wrapUpSeconds`). */
export const DEFAULT_WRAP_UP_SECONDS = 60;

export interface Supervision {
  /** The agent's own availability; undefined on a solo desk (no team database to store it in). */
  readonly availability: AvailabilityService | undefined;
  /** The board; undefined unless the profile says supervisor and there is a team database (the database then decides). */
  readonly supervisor: SupervisorService | undefined;
  /** The social queue and mention spike (issue 16, items 3 and 4); with the board, supervisor desks only. */
  readonly queue: QueueService | undefined;
  /** The supervisor's alerts as desktop notifications; undefined where the shell gives no notifier. */
  readonly alerts: SupervisorAlertNotifier | undefined;
  /** The region "Volume"'s counts; undefined where the board is (the database decides for supervisors only). */
  readonly volume: VolumeService | undefined;
  dispose(): Promise<void>;
}

export interface SupervisionOptions {
  /** The team session's settings; undefined on a solo desk. */
  readonly sessionConfig: (() => Promise<ClientConfig>) | undefined;
  /** The team change feed: the board is read again when a board table changes. */
  readonly changes: BoardChanges | undefined;
  readonly role: 'agent' | 'supervisor';
  /** The desk's SIP account, for the supervisor's own dialog subscriptions. */
  readonly sip: SipAccount | undefined;
  readonly secrets: SecretStore;
  readonly log: Logger;
  readonly wrapUpSeconds: number;
  /** The desk's presence lease (profile `team.presenceLeaseSeconds`). */
  readonly leaseSeconds: number;
  readonly emitAvailability: (state: OwnAvailability) => void;
  readonly emitBoard: (board: SupervisorBoard) => void;
  readonly emitQueue: (queue: SupervisorQueue) => void;
  /** First-response targets per channel (the profile's `team.responseTargets`, else the contract's defaults). */
  readonly responseTargets: ResponseTargets;
  /** The shell's desktop notifier, for the supervisor's alerts. */
  readonly desktopAlerts: { readonly notifier: DesktopNotifier; readonly focusWindow: () => void } | undefined;
  readonly i18n: Pick<MainTranslator, 't' | 'language'>;
  readonly clock?: Clock;
}

/**
 * Availability and the supervisor view in team mode (issue 16). A solo desk
 * gets neither; an agent desk gets availability; a supervisor desk also gets
 * the board, whose data the database gives to supervisor logins only.
 */
export function createSupervision(options: SupervisionOptions): Supervision {
  if (options.sessionConfig === undefined)
    return { availability: undefined, supervisor: undefined, queue: undefined, alerts: undefined, volume: undefined, dispose: () => Promise.resolve() };
  const clock = options.clock ?? systemClock;
  const sessions = new TeamPool(options.sessionConfig, options.log);
  const availability = new AvailabilityService({
    sessions,
    clock,
    log: options.log,
    wrapUpMs: options.wrapUpSeconds * 1000,
    leaseSeconds: options.leaseSeconds,
    emit: options.emitAvailability,
  });
  void availability.start();
  const supervisor =
    options.role === 'supervisor'
      ? new SupervisorService({
          sessions,
          watcher: dialogWatcher(options, clock),
          changes: options.changes,
          clock,
          log: options.log,
          emit: options.emitBoard,
        })
      : undefined;
  const queue =
    options.role === 'supervisor'
      ? new QueueService({ sessions, clock, log: options.log, targets: options.responseTargets, emit: options.emitQueue })
      : undefined;
  const desktop = options.desktopAlerts;
  const alerts =
    queue === undefined || desktop === undefined
      ? undefined
      : new SupervisorAlertNotifier({ ...desktop, i18n: options.i18n, log: options.log, conversation: (id) => queue.conversation(id) });
  return {
    availability,
    supervisor,
    queue,
    alerts,
    volume: supervisor === undefined ? undefined : new VolumeService(sessions),
    dispose: async () => {
      queue?.stop();
      alerts?.dispose();
      await Promise.all([availability.stop(), supervisor?.stop()]);
      await sessions.close();
    },
  };
}

/** The supervisor's own user agent for SUBSCRIBEs: it never registers, so the softphone is untouched. */
function dialogWatcher(options: SupervisionOptions, clock: Clock): DialogWatcher | undefined {
  const sip = options.sip;
  if (sip === undefined) return undefined;
  const secrets = new AccountSecrets(options.secrets);
  const tls = new SipTls(sip.trustedCertificates);
  // The user agent's delegate reaches the port through this box: the port needs the user agent first.
  const box: { port?: SipDialogWatchPort } = {};
  const ua = createSipUserAgent({
    server: sip.server,
    uri: sip.uri,
    authorizationUser: sip.authorizationUser,
    displayName: sip.displayName,
    sessionDescriptionHandlerFactory: () => {
      throw new Error('the supervisor watch user agent takes no calls');
    },
    delegate: {
      // Not registered, so nobody should call it; refuse anything that does.
      onInvite: (invitation) => void invitation.reject({ statusCode: 488 }).catch(() => undefined),
      onDisconnect: (error) => box.port?.transportDisconnected(error),
    },
    log: options.log,
    tls,
  });
  const port = new SipDialogWatchPort(ua, async () => {
    await tls.prepare();
    const password = await secrets.get(sipIdentity({ server: sip.server, uri: sip.uri, authorizationUser: sip.authorizationUser }));
    (ua.configuration as { authorizationPassword: string }).authorizationPassword = password ?? '';
  });
  box.port = port;
  return new DialogWatcher(port, { clock, log: options.log });
}
