import {
  ok,
  type CallInfo,
  type ConfirmVerificationCode,
  type IdentityClaimed,
  type IdentityProven,
  type PendingVerification,
  type PublicSettings,
  type SoftphoneSnapshot,
  type SocialAuthor,
  type SocialItem,
  type StartVerification,
} from '@tandem/contract';
import { createCustomerRepository, type CustomerRepository } from '../../../renderer/src/customers/customerRepository';
import { openTandemDb, type TandemDb } from '../../../renderer/src/data/db';
import { createSocialStore } from '../../../renderer/src/social/socialStore';
import { createTandemStore, type TandemStore } from '../../../renderer/src/store/store';
import { callInfo, createPhoneHost, type PhoneHostOptions } from '../renderer/softphoneFakes';
import { ACCOUNT, BRAND, socialItem } from '../social-ui/socialFakes';

export { ACCOUNT, BRAND, callInfo, socialItem };

export const REGION = 'US';
export const CARLA_PHONE = '+12125550123';
export const CARLA_DID = 'did:plc:carla';

export const deskSettings = (): Partial<PublicSettings> => ({
  sip: { server: 'wss://pbx.test/ws', uri: 'sip:1001@pbx.test', authorizationUser: '1001', displayName: 'Maya', defaultRegion: REGION, hasPassword: true },
  social: [{ network: 'bluesky', service: 'http://pds.test', handle: BRAND, hasAppPassword: true }],
});

let dbCount = 0;
/** A fresh database per test (fake-indexeddb), named so a test can open it again after a "reload". */
export function freshDbName(): string {
  dbCount += 1;
  return `tandem-context-${dbCount}-${Date.now()}`;
}

export function openDb(name: string): { db: TandemDb; repo: CustomerRepository } {
  const db = openTandemDb(name);
  return { db, repo: createCustomerRepository(db) };
}

export const carlaAuthor = (patch: Partial<SocialAuthor> = {}): SocialAuthor => ({
  did: CARLA_DID,
  handle: 'carla.test',
  displayName: 'Carla on Bluesky',
  description: 'Coffee, cats and complaints',
  avatarUrl: 'https://cdn.test/carla.jpg',
  followers: 1500,
  following: 20,
  ...patch,
});

/** A call from Carla's phone, as main reports it (ringing, inbound). */
export const carlaCalls = (patch: Partial<CallInfo> = {}): CallInfo =>
  callInfo({ remote: { uri: `sip:${CARLA_PHONE}@pbx.test;transport=ws`, displayName: '', number: CARLA_PHONE }, ...patch });

export const proof = (patch: Partial<IdentityProven> = {}): IdentityProven => ({
  verificationId: 'v1',
  customerId: 'no-such-customer',
  network: 'bluesky',
  handle: 'carla.test',
  did: CARLA_DID,
  method: 'code-post',
  phone: null,
  evidenceUri: `at://${CARLA_DID}/app.bsky.feed.post/proof`,
  at: Date.now() - 1000,
  ...patch,
});

/** An account privately sent Carla's number (main's `identity:claimed`): by default a stranger's account. */
export const claim = (patch: Partial<IdentityClaimed> = {}): IdentityClaimed => ({
  network: 'bluesky',
  handle: 'mallory.test',
  did: 'did:plc:mallory',
  phone: CARLA_PHONE,
  evidenceUri: 'at://convo/mallory/message-1',
  at: Date.now() - 2000,
  ...patch,
});

/** Journals social items into the database as the social desk does (items and their conversations). */
export async function storeItems(db: TandemDb, ...items: Omit<SocialItem, 'seq'>[]): Promise<SocialItem[]> {
  const numbered = items.map((item, i) => ({ ...item, seq: i + 1 }));
  await createSocialStore(db).ingest(numbered, Date.now());
  return numbered;
}

export const angryPost = () =>
  socialItem({
    uri: `at://${CARLA_DID}/app.bsky.feed.post/angry`,
    conversationId: `at://${CARLA_DID}/app.bsky.feed.post/angry`,
    author: carlaAuthor(),
    text: `@${BRAND} my order arrived broken and support is terrible, awful experience`,
  });

export interface ContextHost extends ReturnType<typeof createPhoneHost> {
  /** What `softphone:getState` reports as live calls (a reload reads it). */
  liveCalls: CallInfo[];
  /** What it reports as ended lately (`SoftphoneSnapshot.ended`). */
  endedCalls: CallInfo[];
  verifications: PendingVerification[];
  /** What the panel asked main to start and to confirm, as sent. */
  startRequests: StartVerification[];
  confirmations: ConfirmVerificationCode[];
}

/** The phone fake plus what the panel asks main: profiles, verification codes. */
export function createContextHost(profile: SocialAuthor = carlaAuthor(), answers: PhoneHostOptions['answers'] = {}): ContextHost {
  const state: Pick<ContextHost, 'liveCalls' | 'endedCalls' | 'verifications' | 'startRequests' | 'confirmations'> = {
    liveCalls: [],
    endedCalls: [],
    verifications: [],
    startRequests: [],
    confirmations: [],
  };
  const liveNumber = (callId: string | undefined) => state.liveCalls.find((call) => call.id === callId && call.state !== 'ended')?.remote.number ?? null;
  // Main's side of the round trip, as identityVerifier.ts does it (tested there): the proof binds the call's number.
  const host: ReturnType<typeof createPhoneHost> = createPhoneHost({
    settings: deskSettings(),
    answers: {
      'softphone:getState': () =>
        ok({
          registration: { state: 'registered', expiresAt: Date.now() + 300_000, nextRetryAt: null, lastErrorKey: null, attempt: 0 },
          calls: state.liveCalls,
          transferRequests: [],
          ended: state.endedCalls,
          standby: null,
        } satisfies SoftphoneSnapshot),
      'social:getProfile': () => ok(profile),
      'identity:startVerification': (payload) => {
        const request = payload as StartVerification;
        state.startRequests.push(request);
        const pending: PendingVerification = {
          verificationId: `v${state.verifications.length + 1}`,
          customerId: request.customerId,
          network: 'bluesky',
          handle: request.handle,
          delivery: request.delivery,
          code: '123456',
          phone: liveNumber(request.callId),
          did: request.did ?? null,
          expiresAt: Date.now() + 600_000,
        };
        state.verifications.push(pending);
        return ok(pending);
      },
      'identity:confirmCode': (payload) => {
        const request = payload as ConfirmVerificationCode;
        state.confirmations.push(request);
        const pending = state.verifications.find((known) => known.verificationId === request.verificationId);
        const phone = liveNumber(request.callId);
        if (pending?.did == null) return ok({ outcome: 'expired' });
        if (phone === null || (pending.phone !== null && pending.phone !== phone)) return ok({ outcome: 'no-call' });
        if (request.code.replace(/\D/g, '') !== pending.code) return ok({ outcome: 'wrong-code' });
        state.verifications = state.verifications.filter((known) => known !== pending);
        const proven: IdentityProven = { ...pending, did: pending.did, method: 'code-read-back', phone, evidenceUri: `call:${request.callId}`, at: Date.now() };
        queueMicrotask(() => host.emit('identity:proven', proven));
        return ok({ outcome: 'proven' });
      },
      'identity:cancelVerification': () => ok(null),
      'identity:listPending': () => ok(state.verifications),
      ...answers,
    },
  });
  return Object.defineProperties(host, {
    liveCalls: { get: () => state.liveCalls, set: (calls: CallInfo[]) => (state.liveCalls = calls) },
    endedCalls: { get: () => state.endedCalls, set: (calls: CallInfo[]) => (state.endedCalls = calls) },
    verifications: { get: () => state.verifications },
    startRequests: { get: () => state.startRequests },
    confirmations: { get: () => state.confirmations },
  }) as ContextHost;
}

/** The store on its own (no React, no contract binding) over a fresh database, for one slice's tests. */
export function contextStore(): { store: TandemStore; repo: CustomerRepository; db: TandemDb; host: ContextHost } {
  const { db, repo } = openDb(freshDbName());
  const host = createContextHost();
  return { store: createTandemStore({ api: host.api, customers: repo }), repo, db, host };
}
