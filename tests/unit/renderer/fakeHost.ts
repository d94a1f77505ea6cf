import {
  createTandemApi,
  DEFAULT_SHORTCUTS,
  fail,
  ok,
  requests,
  type ContractTransport,
  type EventName,
  type EventPayload,
  type PublicSettings,
  type RequestChannel,
  type Result,
  type TandemApi,
} from '@tandem/contract';

type Handler = (payload: unknown) => Result<unknown> | Promise<Result<unknown>>;

export interface FakeHostOptions {
  readonly settings?: Partial<PublicSettings>;
  /** Links opened before the window existed, as main would have queued them. */
  readonly pendingDials?: readonly string[];
  /** Replaces main's answer on a channel (failures, malformed replies, slow replies). */
  readonly answers?: Partial<Record<RequestChannel, Handler>>;
}

export interface FakeHost {
  /** Exactly what a bridge would put on `window.tandem`, built by the real contract code. */
  readonly api: TandemApi;
  readonly requests: { channel: RequestChannel; payload: unknown }[];
  readonly settings: () => PublicSettings;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

export const defaultSettings = (): PublicSettings => ({
  language: 'en',
  theme: 'system',
  agent: { name: 'Maya Lopez', role: 'agent' },
  sip: null,
  social: [],
  team: { roster: [] },
  wrapUpCodes: [],
  shortcuts: { ...DEFAULT_SHORTCUTS },
});

/**
 * A stand-in for main behind an in-memory transport. Like main's dispatcher it
 * parses every payload with the contract's schema first, so a renderer that
 * sends junk gets `invalid-payload` here too.
 */
export function createFakeHost(options: FakeHostOptions = {}): FakeHost {
  let settings: PublicSettings = { ...defaultSettings(), ...options.settings };
  let pending = (options.pendingDials ?? []).map((target) => ({ target }));
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const log: FakeHost['requests'] = [];

  const emit = (event: EventName, payload: unknown): void => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };

  // Channels this fake does not play answer as a host without that service would: the softphone
  // like main's UnconfiguredSoftphone (a snapshot, then `notConfigured` for every action).
  const handlers: Partial<Record<RequestChannel, Handler>> = {
    'connection:get': () => ok({ state: 'offline' }),
    // A desk without team.database, like main's solo TeamService.
    'team:getStatus': () => ok({ state: 'solo', pending: 0 }),
    'softphone:getState': () =>
      ok({
        registration: { state: 'unconfigured', expiresAt: null, nextRetryAt: null, lastErrorKey: null, attempt: 0 },
        calls: [],
        transferRequests: [],
        ended: [],
        standby: null,
      }),
    'media:ready': () => ok(null),
    // The social desk like main's NoSocialAccounts: empty, nothing journalled.
    'social:getState': () => ok({ connectors: [], outbox: [], rules: [], lastSeq: -1 }),
    'social:sync': () => ok({ items: [], lastSeq: -1 }),
    'app:getInfo': () => ok({ name: 'Tandem', version: '0.1.0', shell: 'web', platform: 'linux', notices: [] }),
    'settings:get': () => ok(settings),
    'settings:setLanguage': (payload) => {
      settings = { ...settings, language: (payload as { language: PublicSettings['language'] }).language };
      emit('settings:changed', settings);
      return ok(settings);
    },
    'settings:setTheme': (payload) => {
      settings = { ...settings, theme: (payload as { theme: PublicSettings['theme'] }).theme };
      emit('settings:changed', settings);
      return ok(settings);
    },
    'dial:takePending': () => {
      const taken = pending;
      pending = [];
      return ok(taken);
    },
    ...options.answers,
  };

  const transport: ContractTransport = {
    async invoke(channel, payload) {
      log.push({ channel, payload });
      await Promise.resolve();
      if (!requests[channel].request.safeParse(payload).success) return fail('invalid-payload', 'errors.invalidPayload', channel);
      const handler = handlers[channel];
      return handler === undefined ? fail('unavailable', 'errors.unavailable', channel) : handler(payload);
    },
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };

  return {
    api: createTandemApi(transport),
    requests: log,
    settings: () => settings,
    emit: (event, payload) => emit(event, payload),
  };
}
