import { describe, expect, it } from 'vitest';
import { ok, type PublicSettings, type Result } from '@tandem/contract';
import { bindContract } from '../../../renderer/src/store/bindContract';
import { createTandemStore } from '../../../renderer/src/store/store';
import { createFakeHost, defaultSettings } from './fakeHost';

const deferred = <T>() => {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
};

describe('the store and the contract', () => {
  it('settings that change while the first read is in flight are not overwritten by the older reply', async () => {
    const reply = deferred<Result<unknown>>();
    const host = createFakeHost({ answers: { 'settings:get': () => reply.promise } });
    const store = createTandemStore({ api: host.api });
    bindContract(store, host.api);

    const newer: PublicSettings = { ...defaultSettings(), language: 'es' };
    host.emit('settings:changed', newer);
    reply.resolve(ok(defaultSettings()));
    await reply.promise;
    await new Promise((resolve) => setTimeout(resolve, 0));

    expect(store.getState().settings?.language).toBe('es');
  });

  it('unbinding stops events from reaching the store', () => {
    const host = createFakeHost();
    const store = createTandemStore({ api: host.api });
    const unbind = bindContract(store, host.api);

    host.emit('connection:state', { state: 'online' });
    unbind();
    host.emit('connection:state', { state: 'offline' });

    expect(store.getState().connection).toBe('online');
  });

  it('changing the language without a bridge reports a problem instead of throwing', async () => {
    const store = createTandemStore({ api: undefined });
    await store.getState().setLanguage('es');
    expect(store.getState().problems).toEqual([{ operation: 'setLanguage', error: { code: 'unavailable', messageKey: 'errors.noBridge' } }]);
  });

  it('a bridge that throws despite the contract still ends in a problem', async () => {
    const store = createTandemStore({
      api: { ...createFakeHost().api, getAppInfo: () => Promise.reject(new Error('boom')) },
    });
    await store.getState().loadAppInfo();
    expect(store.getState().problems.map((p) => p.error.code)).toEqual(['internal']);
  });
});
