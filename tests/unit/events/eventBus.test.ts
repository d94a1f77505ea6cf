import { describe, expect, expectTypeOf, it } from 'vitest';
import { EventBus } from '../../../main/core/events/eventBus';
import type { EventPayload, RegistrationStatus } from '@tandem/contract';

const registered: RegistrationStatus = { state: 'registered', expiresAt: null, nextRetryAt: null, lastErrorKey: null, attempt: 0 };

describe('main’s event bus, typed by the contract’s event table', () => {
  describe('a service listens to one event with on()', () => {
    it('the tray hears connection:state with its payload typed, and nothing else', () => {
      const events = new EventBus();
      const heard: string[] = [];
      events.on('connection:state', (payload) => {
        expectTypeOf(payload).toEqualTypeOf<EventPayload<'connection:state'>>();
        heard.push(payload.state);
      });
      events.emit('dial:requested', { target: '+12125550123' });
      events.emit('connection:state', { state: 'online' });
      expect(heard).toEqual(['online']);
    });

    it('a payload of the wrong shape does not compile, for emit or for a listener', () => {
      const events = new EventBus();
      // @ts-expect-error — connection:state carries { state }, not a registration status
      events.emit('connection:state', registered);
      // @ts-expect-error — the listener of softphone:registration is handed a RegistrationStatus, not a string
      events.on('softphone:registration', (payload: string) => payload);
      // @ts-expect-error — media requests are addressed to one window (emitTo), never broadcast
      events.emit('media:request', { requestId: 'r1', callId: 'c1', iceServers: [], operation: { op: 'close' } });
      events.on('softphone:registration', (payload) => expectTypeOf(payload).toEqualTypeOf<RegistrationStatus>());
    });
  });

  describe('unsubscribing', () => {
    it('after the unsubscribe a listener hears nothing more, and the others still do', () => {
      const events = new EventBus();
      const first: string[] = [];
      const second: string[] = [];
      const stop = events.on('connection:state', ({ state }) => first.push(state));
      events.on('connection:state', ({ state }) => second.push(state));
      events.emit('connection:state', { state: 'connecting' });
      stop();
      events.emit('connection:state', { state: 'online' });
      expect(first).toEqual(['connecting']);
      expect(second).toEqual(['connecting', 'online']);
    });
  });

  describe('a listener that throws', () => {
    it('does not stop the other listeners, nor the windows, from hearing the event', () => {
      const events = new EventBus();
      const service: string[] = [];
      const window: string[] = [];
      events.on('connection:state', () => {
        throw new Error('a faulty service');
      });
      events.on('connection:state', ({ state }) => service.push(state));
      events.attachWindow(() => {
        throw new Error('a dead window');
      });
      events.attachWindow((event) => window.push(event));
      expect(() => events.emit('connection:state', { state: 'offline' })).not.toThrow();
      expect(service).toEqual(['offline']);
      expect(window).toEqual(['connection:state']);
    });
  });

  describe('windows', () => {
    it('each window gets its own id; broadcasts reach all of them, an addressed event only its window', () => {
      const events = new EventBus();
      const heard: Array<[string, string]> = [];
      const one = events.attachWindow((event) => heard.push(['one', event]));
      const two = events.attachWindow((event) => heard.push(['two', event]));
      expect(one.id).not.toBe(two.id);
      expect(events.windows()).toEqual([one.id, two.id]);

      events.emit('connection:state', { state: 'online' });
      const request: EventPayload<'media:request'> = { requestId: 'r1', callId: 'c1', iceServers: [], operation: { op: 'close' } };
      expect(events.emitTo(two.id, 'media:request', request)).toBe(true);
      expect(heard).toEqual([
        ['one', 'connection:state'],
        ['two', 'connection:state'],
        ['two', 'media:request'],
      ]);
    });

    it('a detached window hears nothing more, is announced once, and cannot be addressed', () => {
      const events = new EventBus();
      const heard: string[] = [];
      const gone: number[] = [];
      events.onWindowDetached((id) => gone.push(id));
      const page = events.attachWindow((event) => heard.push(event));
      page.detach();
      page.detach();
      events.emit('connection:state', { state: 'online' });
      expect(events.emitTo(page.id, 'media:request', { requestId: 'r1', callId: 'c1', iceServers: [], operation: { op: 'close' } })).toBe(false);
      expect(heard).toEqual([]);
      expect(gone).toEqual([page.id]);
      expect(events.windows()).toEqual([]);
    });
  });
});
