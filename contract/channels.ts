import * as z from 'zod';
import { AppInfo, ConnectionState, DialRequest, Empty, Language, PublicSettings, SipAccountInput, Theme } from './schemas';
import { ConfirmOutcome, ConfirmVerificationCode, PendingVerification, StartVerification } from './identity';
import { ListeningRule, OutboxEntry, PrivateStep, SocialAuthor, SocialItem, SocialSnapshot, socialRequests as so } from './social';
import { MediaReady, MediaReply, softphoneRequests as sp, SoftphoneSnapshot } from './softphone';
import { SocialAccountInput, SocialAccountRef, SocialColumn } from './socialAccounts';
import { AssignOutcome, AssignRequest, ClaimOutcome, ClaimRequest, TeamAgents } from './teamClaims';
import { TeamStatus } from './teamStatus';
import { StatusOutcome, StatusRequest, TeamQueueSnapshot, ViewingRequest } from './teamQueue';
import { JoinBatch, JoinBatchOutcome, SetTeamJoinState, TeamJoinState } from './teamJoin';
import { TeamRowsPage, TeamRowsSince, TeamWrite, TeamWriteBatch } from './teamHistory';
import { RefusedTeamWriteRef, RefusedTeamWrites } from './teamRefused';
import { Availability, OwnAvailability, SupervisorAccess, SupervisorBoard } from './supervisor';
import { AlertNotice, AlertText, SupervisorQueue } from './supervisorQueue';
import { TeamDirectory } from './teamDirectory';
import { VolumeDay, VolumeRequest } from './supervisorVolume';

/**
 * Every request the renderer can make, named `domain:action`. Each has a
 * schema for what comes in (checked in main before any service sees it) and a
 * schema for what goes back. The method the bridges expose for it on
 * `window.tandem` is in `requestMethods.ts`: one function per message, never a
 * raw IPC handle.
 */
const request = <Req extends z.ZodType, Res extends z.ZodType>(req: Req, res: Res) => ({ request: req, response: res }) as const;

export const requests = {
  'app:getInfo': request(Empty, AppInfo),
  'connection:get': request(Empty, z.object({ state: ConnectionState })),
  /** The team database link now (main only announces changes with `team:status`). */
  'team:getStatus': request(Empty, TeamStatus),
  /** Claims (or renews) a social conversation for this agent in the team database; a refusal names who holds it. */
  'team:claim': request(ClaimRequest, ClaimOutcome),
  /** Gives back this agent's claim (after a send, on closing the conversation, or by the Release button). */
  'team:release': request(ClaimRequest, z.null()),
  /** A supervisor takes a conversation over from a live claim; the database refuses anyone else. */
  'team:takeOver': request(ClaimRequest, ClaimOutcome),
  /** A supervisor assigns conversations to a teammate; the database refuses anyone else (each id comes back assigned or refused). */
  'team:assign': request(AssignRequest, AssignOutcome),
  /** The team's agents, for "Assign selected to…" (not `supervisor:getBoard`: that read marks its window as the supervisor view's). */
  'team:agents': request(Empty, TeamAgents),
  // --- supervisor view (issue 16, contract/supervisor.ts) ---
  /** The agent's own availability in team mode; null on a solo desk (nowhere to store it). */
  'availability:get': request(Empty, OwnAvailability.nullable()),
  /** The header's "Availability" choice, stored in the team database with its history. */
  'availability:set': request(z.object({ state: Availability }).strict(), OwnAvailability),
  /** Whether this desk may open the supervisor view: a supervisor's login, as the team database says. */
  'supervisor:getAccess': request(Empty, SupervisorAccess),
  /** Opens the view in a window of its own where the shell can (Electron); `opened: false` tells the page to open `/supervisor` itself. */
  'supervisor:open': request(Empty, z.object({ opened: z.boolean() }).strict()),
  /** The team board now, and from then on `supervisor:board` events; the database refuses a non-supervisor login. */
  'supervisor:getBoard': request(Empty, SupervisorBoard),
  /** The social queue now (contract/supervisorQueue.ts), and from then on `supervisor:queue` events; supervisor logins only. */
  'supervisor:getQueue': request(Empty, SupervisorQueue),
  /**
   * The page raised an alert: main writes its words and shows it through the shell's notifier (Electron's
   * `Notification`), and answers the words, which the browser host's page shows with the browser's `Notification`.
   */
  'supervisor:notifyAlert': request(AlertNotice, AlertText.nullable()),
  /** Mentions and calls per 15-minute interval of one day (region "Volume"); the database refuses a non-supervisor login. */
  'supervisor:getVolume': request(VolumeRequest, VolumeDay),
  'settings:get': request(Empty, PublicSettings),
  'settings:setLanguage': request(z.object({ language: Language }).strict(), PublicSettings),
  'settings:setTheme': request(z.object({ theme: Theme }).strict(), PublicSettings),
  'settings:setSipAccount': request(SipAccountInput, PublicSettings),
  /** A new app password for a social account: kept in main's secret store, then the connector logs in again. */
  'settings:setSocialAppPassword': request(
    z.object({ accountId: z.string().min(1).max(300), appPassword: z.string().min(1).max(256) }).strict(),
    PublicSettings,
  ),
  /** A Bluesky account set up in the app: main logs in with it first, and keeps it only when the service said yes. */
  'settings:addSocialAccount': request(SocialAccountInput, PublicSettings),
  /** Removes an account added in the app: its connector stops and its app password leaves the secret store. */
  'settings:removeSocialAccount': request(SocialAccountRef, PublicSettings),
  'settings:setSocialColumn': request(z.object({ socialColumn: SocialColumn }).strict(), PublicSettings),
  /** The agent's team database password, typed in Accounts: kept in main's secret store, bound to that database account. */
  'settings:setTeamPassword': request(z.object({ password: z.string().min(1).max(1024) }).strict(), PublicSettings),
  'dial:takePending': request(Empty, z.array(DialRequest)),
  'softphone:getState': request(sp.getState, SoftphoneSnapshot),
  'softphone:register': request(sp.register, z.null()),
  'softphone:unregister': request(sp.unregister, z.null()),
  'softphone:dial': request(sp.dial, z.object({ callId: z.string() })),
  'softphone:answer': request(sp.callRef, z.null()),
  'softphone:decline': request(sp.callRef, z.null()),
  'softphone:hangup': request(sp.callRef, z.null()),
  'softphone:hold': request(sp.callRef, z.null()),
  'softphone:resume': request(sp.callRef, z.null()),
  'softphone:setMuted': request(sp.setMuted, z.null()),
  'softphone:sendDtmf': request(sp.sendDtmf, z.null()),
  'softphone:blindTransfer': request(sp.transfer, z.null()),
  'softphone:consult': request(sp.transfer, z.object({ callId: z.string() })),
  /** The page saw the network come back or the machine wake: re-register now (browser host; Electron uses powerMonitor). */
  'softphone:networkChanged': request(Empty, z.null()),
  'softphone:completeTransfer': request(sp.completeTransfer, z.null()),
  /** The agent's answer to a `softphone:transferRequest`. */
  'softphone:answerTransferRequest': request(sp.answerTransferRequest, z.null()),
  /** The renderer's media engine is up (first load, a reload, a crash: main renegotiates live calls), or reconnected with `held` (contract/softphone.ts). */
  'media:ready': request(MediaReady, z.null()),
  'media:reply': request(MediaReply, z.null()),
  /**
   * The page is being unloaded for good (closed, reloaded: `pagehide` not into the back/forward cache) and its calls'
   * media goes with it: main hands them on as soon as its connection closes, without waiting for it to come back.
   */
  'media:release': request(Empty, z.null()),
  /** Issues a one-time code for a customer's claimed handle; main watches that account for it. */
  'identity:startVerification': request(StartVerification, PendingVerification),
  'identity:cancelVerification': request(z.object({ verificationId: z.string().min(1).max(64) }).strict(), z.null()),
  'identity:listPending': request(Empty, z.array(PendingVerification)),
  /** The code the desk sent privately, as the caller read it back on a live call: proof binding that call's number to the account. */
  'identity:confirmCode': request(ConfirmVerificationCode, ConfirmOutcome),
  'social:getState': request(Empty, SocialSnapshot),
  /** Everything journalled after `afterSeq` (the last item the window stored), oldest first. */
  'social:sync': request(so.sync, z.object({ items: z.array(SocialItem), lastSeq: z.number().int() })),
  'social:reply': request(so.reply, OutboxEntry),
  'social:sendMessage': request(so.sendMessage, OutboxEntry),
  'social:like': request(so.like, OutboxEntry),
  'social:getProfile': request(so.getProfile, SocialAuthor),
  'social:getThread': request(so.getThread, z.object({ items: z.array(SocialItem) })),
  /** Whether "Take offline" can message this author privately now, or why not (issue 15 item 5). */
  'social:privateStep': request(so.privateStep, PrivateStep),
  'social:setListeningRules': request(so.setListeningRules, z.array(ListeningRule)),
  // Team queue (issue 11, H3): other desks' claims, statuses and viewers.
  /** Who handles what, the statuses and who views what now, and this agent's role; read at start and after every reconnect. */
  'team:getQueue': request(Empty, TeamQueueSnapshot),
  /** This agent has a conversation open (renewed every VIEWING_RENEW_MS), or none (null). */
  'team:setViewing': request(ViewingRequest, z.null()),
  /** Sets a conversation's status for the whole team; the database applies the claim rule (see StatusOutcome). */
  'team:setStatus': request(StatusRequest, StatusOutcome),
  // --- team first join (contract/teamJoin.ts) ---
  /** Whether this desk's own history was moved into its team (or the agent said never). */
  'team:getJoinState': request(Empty, z.object({ state: TeamJoinState }).strict()),
  'team:setJoinState': request(SetTeamJoinState, z.object({ state: TeamJoinState }).strict()),
  /** One batch of the desk's own history, written to the team database under the agent's login, deduplicated by identity. */
  'team:moveHistory': request(JoinBatch, JoinBatchOutcome),
  // --- team history (issue 11, H1) ---
  /** A history write just made in this window's Dexie, for the team: queued in main's outbox, written once. */
  'team:write': request(TeamWrite, z.null()),
  /** Several such writes at once (an import's batch), queued in order. */
  'team:writeMany': request(TeamWriteBatch, z.null()),
  // --- refused team writes (contract/teamRefused.ts) ---
  /** The writes the team database refused for good, kept on this desk (oldest first). */
  'team:refusedWrites': request(Empty, RefusedTeamWrites),
  /** Sends a refused write again: it joins the back of the outbox's queue. */
  'team:retryRefused': request(RefusedTeamWriteRef, z.null()),
  /** The agent gives a refused write up: it leaves this desk for good. */
  'team:discardRefused': request(RefusedTeamWriteRef, z.null()),
  /** The team's history rows changed after a seq (the window's own cursor): the catch-up after a reload or a reconnect. */
  'team:rowsSince': request(TeamRowsSince, TeamRowsPage),
  // --- team directory (contract/teamDirectory.ts, issue 12 item 4) ---
  /** The colleagues the dial and transfer boxes offer: name and SIP address of every agent the team database records with one. */
  'team:getDirectory': request(Empty, TeamDirectory),
} as const;

export type RequestChannel = keyof typeof requests;
export type RequestOf<C extends RequestChannel> = z.input<(typeof requests)[C]['request']>;
export type ParsedRequestOf<C extends RequestChannel> = z.output<(typeof requests)[C]['request']>;
export type ResponseOf<C extends RequestChannel> = z.output<(typeof requests)[C]['response']>;

export const REQUEST_CHANNELS = Object.keys(requests) as RequestChannel[];

export const isRequestChannel = (value: unknown): value is RequestChannel => typeof value === 'string' && Object.prototype.hasOwnProperty.call(requests, value);
