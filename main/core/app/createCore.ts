import type { AppInfo, AppNotice } from '@tandem/contract';
import { CallAlerts } from '../alerts/callAlerts';
import { bindWindowAttention, noWindowAttention, type WindowAttention } from '../alerts/windowAttention';
import type { DesktopNotifier } from '../alerts/desktopNotifier';
import { createDispatcher, type Dispatch } from '../contract/dispatcher';
import { PendingDials } from '../dial/dialLink';
import { EventBus } from '../events/eventBus';
import { createMainTranslator, type MainTranslator } from '../i18n/mainI18n';
import type { Logger } from '../log/logger';
import { extensionPatternOf, type Profile } from '../profile/profileSchema';
import type { SecretStore } from '../secrets/secretStore';
import type { PreferencesStore } from '../settings/preferencesStore';
import { ConnectionStatus } from '../settings/connectionStatus';
import { SettingsService } from '../settings/settingsService';
import { DEFAULT_TRANSFER_RULES } from '../softphone/calls/referPolicy';
import { ensurePrivateDir } from '../storage/privateFs';
import { ReconfigurableSoftphone } from '../softphone/reconfigurableSoftphone';
import type { CallControls, SoftphoneService } from '../softphone/softphoneService';
import { IdentityVerifier } from '../identity/identityVerifier';
import { testBlueskyLogin } from '../social/bluesky/loginTest';
import { createSocial } from '../social/createSocial';
import { systemClock } from '../time/clock';
import type { SocialService } from '../social/socialService';
import { createTeamService } from '../team/teamService';
import { createSupervision, DEFAULT_WRAP_UP_SECONDS } from '../supervisor/createSupervisor';
import { responseTargetsOf } from '../profile/responseTargets';
import { DEFAULT_LEASE_SECONDS } from '../team/agentStates';
import { volumeChannels } from '../supervisor/volumeChannels';
import { supervisorChannels } from '../supervisor/supervisorChannels';
import { keepNoResourceTimings } from './resourceTimings';

export interface CoreOptions {
  readonly profile: Profile;
  readonly secrets: SecretStore;
  readonly preferences: PreferencesStore;
  readonly shell: AppInfo['shell'];
  readonly version: string;
  readonly log: Logger;
  /** Where services keep their state (social cursor, journal, outbox); undefined keeps it in memory (tests). */
  readonly dataDir?: string;
  /**
   * The OS notifications main raises for ringing calls, and how a click brings
   * the window forward. Electron passes its `Notification`; the browser host
   * passes its no-op (the page alerts there). Undefined: no alerts from main.
   */
  readonly desktopAlerts?: { readonly notifier: DesktopNotifier; readonly focusWindow: () => void };
  /** The taskbar or dock signal while calls ring (Electron's flash and badge); undefined: none (the browser host). */
  readonly windowAttention?: WindowAttention;
  /** What the agent must be told about this seat (e.g. passwords not saved), sent with the app's info. */
  readonly notices?: readonly AppNotice[];
  /** Electron: opens the supervisor view in a window of its own (issue 16); the browser host has none and the page opens `/supervisor`. */
  readonly openSupervisorWindow?: () => void;
}

/** Everything a shell (Electron or browser host) needs from main's services. */
export interface Core {
  readonly dispatch: Dispatch;
  readonly events: EventBus;
  readonly settings: SettingsService;
  readonly i18n: MainTranslator;
  readonly dials: PendingDials;
  readonly softphone: SoftphoneService;
  readonly social: SocialService;
  dispose(): Promise<void>;
}

/**
 * Builds main's services. Both shells call this, so everything a test drives
 * through the browser host is the code an Electron user runs.
 */
export async function createCore(options: CoreOptions): Promise<Core> {
  keepNoResourceTimings();
  // The data folder is the agent's alone (0700), even when the shell or an older version made it wider.
  if (options.dataDir !== undefined) await ensurePrivateDir(options.dataDir);
  const events = new EventBus();
  const dials = new PendingDials((target) => events.emit('dial:requested', { target }));
  const settings0 = await options.preferences.load();
  const i18n = await createMainTranslator(settings0.language ?? options.profile.language);
  const settings = await SettingsService.open({
    profile: options.profile,
    secrets: options.secrets,
    store: options.preferences,
    events,
    onLanguage: (language) => i18n.setLanguage(language),
    sipHooks: {
      changing: () => softphones.assertIdle(),
      changed: (account) => softphones.reconfigure(account),
    },
  });

  const extensionPattern = extensionPatternOf(options.profile);
  const softphones = new ReconfigurableSoftphone(settings.sipAccount(), {
    secrets: options.secrets,
    events,
    log: options.log,
    // Deployment policy from the profile: it holds even for an account the agent typed in the settings screen.
    transfers: { policy: options.profile.sip?.transfer ?? DEFAULT_TRANSFER_RULES, roster: options.profile.team.roster.map(({ uri }) => uri) },
    ...(extensionPattern === undefined ? {} : { extensionPattern }),
  });
  /** The softphone of the account in force at the moment of asking (a settings change replaces it). */
  const softphone = (): SoftphoneService => softphones.current();
  const calls = (): CallControls => softphone().calls;

  // The team session first: in team mode the social desk's journal and sends go through it.
  const team = await createTeamService({ profile: options.profile, secrets: options.secrets, events, log: options.log, dataDir: options.dataDir });
  const accounts = settings.socialAccounts().map(({ account }) => account);
  const social = await createSocial({ profile: options.profile, accounts, secrets: options.secrets, events, log: options.log, dataDir: options.dataDir, team });
  const supervision = createSupervision({
    sessionConfig: team.sessionConfig,
    changes: team.feed,
    role: options.profile.agent.role,
    sip: settings.sipAccount(),
    secrets: options.secrets,
    log: options.log,
    wrapUpSeconds: options.profile.team.wrapUpSeconds ?? DEFAULT_WRAP_UP_SECONDS,
    leaseSeconds: options.profile.team.presenceLeaseSeconds ?? DEFAULT_LEASE_SECONDS,
    emitAvailability: (state) => events.emit('availability:changed', state),
    emitBoard: (board) => events.emit('supervisor:board', board),
    emitQueue: (queue) => events.emit('supervisor:queue', queue),
    responseTargets: responseTargetsOf(options.profile),
    desktopAlerts: options.desktopAlerts,
    i18n,
  });
  const stopCallWatch = events.on('softphone:call', (call) => supervision.availability?.callChanged(call));
  const identity = new IdentityVerifier({
    events,
    social,
    i18n,
    clock: systemClock,
    log: options.log,
    defaultRegion: () => settings.sipAccount()?.defaultRegion ?? 'US',
    // A code given or read back on a call binds that call's number: only a live, answered call counts.
    callerNumber: (callId) =>
      softphone()
        .snapshot()
        .calls.find((call) => call.id === callId && call.answeredAt !== null && call.state !== 'ended')?.remote.number ?? null,
  });
  const connection = new ConnectionStatus(events, softphone().snapshot().registration.state);
  const callAlerts = options.desktopAlerts === undefined ? undefined : new CallAlerts({ events, i18n, log: options.log, ...options.desktopAlerts });
  const releaseAttention = bindWindowAttention(events, options.windowAttention ?? noWindowAttention);

  const dispatch = createDispatcher(
    {
      'app:getInfo': () => ({
        name: 'Tandem',
        version: options.version,
        shell: options.shell,
        platform: process.platform,
        notices: [...(options.notices ?? [])],
      }),
      'connection:get': () => ({ state: connection.state }),
      'team:getStatus': () => team.status(),
      'team:claim': ({ conversationId }) => team.claims.claim(conversationId),
      'team:release': ({ conversationId }) => team.claims.release(conversationId),
      'team:takeOver': ({ conversationId }) => team.claims.takeOver(conversationId),
      'team:assign': ({ conversationIds, agentId }) => team.claims.assign(conversationIds, agentId),
      'team:agents': () => team.claims.agents(),
      ...supervisorChannels(supervision, options.openSupervisorWindow, events),
      ...volumeChannels(supervision.volume),
      'settings:get': () => settings.publicSettings(),
      'settings:setLanguage': ({ language }) => settings.setLanguage(language),
      'settings:setTheme': ({ theme }) => settings.setTheme(theme),
      'settings:setSipAccount': (account) => settings.setSipAccount(account),
      'settings:setSocialAppPassword': async ({ accountId, appPassword }) => {
        const updated = await settings.setSocialAppPassword(accountId, appPassword);
        social.reconnect(accountId);
        return updated;
      },
      // Issue 12, first run: the service answers the login before the desk keeps anything.
      'settings:addSocialAccount': async (input) => {
        await testBlueskyLogin(input, systemClock);
        const { settings: updated, account } = await settings.addSocialAccount(input);
        try {
          social.addAccount(account);
        } catch (error: unknown) {
          // The desk cannot take it (a team seat): keep nothing, so settings and desk never disagree.
          await settings.removeSocialAccount(`${account.network}:${account.handle}`);
          throw error;
        }
        return updated;
      },
      'settings:removeSocialAccount': async ({ accountId }) => {
        const updated = await settings.removeSocialAccount(accountId);
        await social.removeAccount(accountId);
        return updated;
      },
      'settings:setSocialColumn': ({ socialColumn }) => settings.setSocialColumn(socialColumn),
      'settings:setTeamPassword': async ({ password }) => {
        const updated = await settings.setTeamPassword(password);
        team.retryNow();
        return updated;
      },
      'dial:takePending': () => dials.take().map((target) => ({ target })),
      'softphone:getState': () => softphone().snapshot(),
      'softphone:register': () =>
        softphone()
          .register()
          .then(() => null),
      'softphone:unregister': () =>
        softphone()
          .unregister()
          .then(() => null),
      'softphone:dial': ({ target, conversationId }) => calls().dial(target, conversationId ?? null),
      'softphone:answer': ({ callId }) =>
        calls()
          .answer(callId)
          .then(() => null),
      'softphone:decline': ({ callId }) =>
        calls()
          .decline(callId)
          .then(() => null),
      'softphone:hangup': ({ callId }) =>
        calls()
          .hangup(callId)
          .then(() => null),
      'softphone:hold': ({ callId }) =>
        calls()
          .hold(callId)
          .then(() => null),
      'softphone:resume': ({ callId }) =>
        calls()
          .resume(callId)
          .then(() => null),
      'softphone:setMuted': ({ callId, muted }) =>
        calls()
          .setMuted(callId, muted)
          .then(() => null),
      'softphone:sendDtmf': ({ callId, tones }) =>
        calls()
          .sendDtmf(callId, tones)
          .then(() => null),
      'softphone:blindTransfer': ({ callId, target }) =>
        calls()
          .blindTransfer(callId, target)
          .then(() => null),
      'softphone:consult': ({ callId, target }) => calls().consult(callId, target),
      'softphone:completeTransfer': ({ callId, consultCallId }) =>
        calls()
          .completeTransfer(callId, consultCallId)
          .then(() => null),
      'softphone:answerTransferRequest': ({ callId, requestId, accept }) =>
        calls()
          .answerTransferRequest(callId, requestId, accept)
          .then(() => null),
      'softphone:networkChanged': () => {
        softphone().networkChanged();
        return null;
      },
      'media:ready': ({ held }, caller) =>
        softphone()
          .mediaReady(caller?.windowId, held)
          .then(() => null),
      'identity:startVerification': (request) => identity.start(request),
      'identity:cancelVerification': ({ verificationId }) => identity.cancel(verificationId).then(() => null),
      'identity:listPending': () => identity.pending(),
      'identity:confirmCode': (request) => identity.confirm(request),
      'social:getState': () => social.snapshot(),
      'social:sync': (request) => social.sync(request),
      'social:reply': (request) => social.reply(request),
      'social:sendMessage': (request) => social.sendMessage(request),
      'social:like': (request) => social.like(request),
      'social:getProfile': (request) => social.getProfile(request),
      'social:getThread': (request) => social.getThread(request),
      'social:privateStep': (request) => social.privateStep(request),
      'social:setListeningRules': ({ rules }) => social.setListeningRules(rules),
      'media:reply': (reply, caller) => {
        // Only a window can own a call's media; a reply from anything else answers nothing.
        if (caller === undefined) options.log.warn('softphone: ignored a media reply that came from no window');
        else softphone().mediaReply(reply, caller.windowId);
        return null;
      },
      'media:release': (_request, caller) => {
        // Only a window holds a call's media; a release from anything else lets go of nothing.
        if (caller === undefined) options.log.warn('softphone: ignored a media release that came from no window');
        else softphone().mediaReleased(caller.windowId);
        return null;
      },
      // Team queue (issue 11, H3).
      'team:getQueue': () => team.queue.snapshot(),
      'team:setViewing': ({ conversationId }) => team.queue.setViewing(conversationId),
      'team:setStatus': ({ conversationId, status }) => team.queue.setStatus(conversationId, status),
      // --- team first join ---
      'team:getJoinState': async () => ({ state: await team.join.state() }),
      'team:setJoinState': async ({ state }) => ({ state: await team.join.setState(state) }),
      'team:moveHistory': (batch) => team.join.move(batch),
      // --- team history (issue 11, H1) ---
      'team:write': (write) => team.history.write(write),
      'team:writeMany': ({ writes }) => team.history.writeMany(writes),
      'team:refusedWrites': () => team.history.refusedWrites(),
      'team:retryRefused': (ref) => team.history.retryRefused(ref),
      'team:discardRefused': (ref) => team.history.discardRefused(ref),
      'team:rowsSince': ({ after, limit }) => team.history.rowsSince(after, limit),
      // --- team directory (issue 12 item 4) ---
      'team:getDirectory': () => team.directory.read(),
    },
    options.log,
  );

  return {
    dispatch,
    events,
    settings,
    i18n,
    dials,
    get softphone() {
      return softphone();
    },
    social,
    dispose: async () => {
      callAlerts?.dispose();
      releaseAttention();
      await identity.dispose();
      stopCallWatch();
      // Signed out before the team session closes.
      await supervision.dispose();
      await Promise.all([softphone().dispose(), social.dispose(), team.dispose()]);
    },
  };
}
