import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REQUEST_CHANNELS, requests } from '@tandem/contract';
import { testCore } from '../../support/testCore';

describe('the contract door into main', () => {
  it.each(REQUEST_CHANNELS)('refuses every malformed payload on %s with a typed error and keeps serving', async (channel) => {
    const core = await testCore();
    const schema = requests[channel].request;
    const malformed = fc
      .oneof(
        fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withNullPrototype: true }),
        fc.dictionary(fc.string(), fc.anything()),
        fc.string({ maxLength: 10_000 }),
      )
      .filter((payload) => !schema.safeParse(payload).success);

    await fc.assert(
      fc.asyncProperty(malformed, async (payload) => {
        const result = await core.dispatch(channel, payload);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error.code).toBe('invalid-payload');
      }),
      { numRuns: 150 },
    );

    // After all that, the same channel still answers a well-formed request.
    const info = await core.dispatch('app:getInfo', {});
    expect(info).toMatchObject({ ok: true, value: { name: 'Tandem', shell: 'web' } });
  });

  it('media:ready takes, besides nothing, only a short list of call ids (what a reconnected page holds)', async () => {
    const core = await testCore();
    for (const payload of [{}, { held: [] }, { held: ['call-1', 'standby-1'] }]) {
      expect(await core.dispatch('media:ready', payload)).toEqual({ ok: true, value: null });
    }
    const tooMany = Array.from({ length: 65 }, (_, index) => `call-${index}`);
    for (const payload of [{ held: 'call-1' }, { held: [''] }, { held: [7] }, { held: ['x'.repeat(65)] }, { held: tooMany }, { held: [], more: true }]) {
      expect(await core.dispatch('media:ready', payload)).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    }
  });

  it('media:release takes nothing at all, and is answered whether a window or nothing sent it', async () => {
    const core = await testCore();
    const window = core.events.attachWindow(() => undefined);
    expect(await core.dispatch('media:release', {}, { windowId: window.id })).toEqual({ ok: true, value: null });
    expect(await core.dispatch('media:release', {})).toEqual({ ok: true, value: null });
    for (const payload of [{ held: [] }, { callId: 'call-1' }, null, 'call-1']) {
      expect(await core.dispatch('media:release', payload, { windowId: window.id })).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    }
  });

  it('answers an unknown or non-string channel with unknown-channel, never an exception', async () => {
    const core = await testCore();
    await fc.assert(
      fc.asyncProperty(
        fc.anything().filter((channel) => typeof channel !== 'string' || !(channel in requests)),
        fc.anything(),
        async (channel, payload) => {
          const result = await core.dispatch(channel, payload);
          expect(result).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
        },
      ),
      { numRuns: 200 },
    );
    // Prototype keys are not channels.
    for (const channel of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(await core.dispatch(channel, {})).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    }
  });

  it('never hands a secret to the renderer: settings say hasPassword, not the password', async () => {
    const core = await testCore({
      sip: { server: 'ws://127.0.0.1:8088', uri: 'sip:1001@127.0.0.1', password: 'pw1001' },
      social: [{ network: 'bluesky', service: 'http://127.0.0.1:2583', handle: 'acmecorp.test', appPassword: 'abcd-efgh-ijkl-mnop' }],
    });
    const result = await core.dispatch('settings:get', {});
    const text = JSON.stringify(result);
    expect(result).toMatchObject({ ok: true, value: { sip: { hasPassword: true }, social: [{ hasAppPassword: true }] } });
    expect(text).not.toContain('pw1001');
    expect(text).not.toContain('abcd-efgh-ijkl-mnop');
    await core.dispose();
  });

  it('switching the language tells every window and the main translator', async () => {
    const core = await testCore();
    const seen: unknown[] = [];
    core.events.attachWindow((event, payload) => seen.push({ event, payload }));
    const result = await core.dispatch('settings:setLanguage', { language: 'es' });
    expect(result).toMatchObject({ ok: true, value: { language: 'es' } });
    expect(seen).toContainEqual({ event: 'settings:changed', payload: expect.objectContaining({ language: 'es' }) as unknown });
    expect(core.i18n.t('tray.quit')).toBe('Salir de Tandem');
  });
});
