import { describe, expect, it, vi } from 'vitest';
import type { CallInfo } from '@tandem/contract';
import { createRingingCalls } from '../../../renderer/src/softphone/media/ringingCalls';
import { bindRingtone } from '../../../renderer/src/softphone/media/ringtone';
import { DOUBLE_RING, encodeWav, ringtoneSamples, ringtoneWav } from '../../../renderer/src/softphone/media/ringtoneWav';
import { createFakeMediaHost } from './fakes';

const call = (id: string, state: CallInfo['state'], direction: CallInfo['direction'] = 'inbound'): CallInfo => ({
  id,
  direction,
  state,
  remote: { uri: `sip:${id}@example.invalid`, displayName: id, number: null },
  startedAt: 0,
  answeredAt: null,
  endedAt: null,
  heldAt: null,
  muted: false,
  consultFor: null,
  outcome: null,
  reasonKey: null,
});

describe('when the phone rings', () => {
  it('rings for an inbound call until it is answered, declined or ends; an outbound call never rings here', () => {
    const ringing = createRingingCalls();
    expect(ringing.update(call('out', 'ringing', 'outbound'))).toBe(false);
    expect(ringing.update(call('a', 'ringing'))).toBe(true);
    expect(ringing.update(call('a', 'connecting'))).toBe(false);
    expect(ringing.update(call('b', 'ringing'))).toBe(true);
    expect(ringing.update(call('b', 'ended'))).toBe(false);
  });

  it('a second call ringing keeps the phone ringing when the first one is picked up', () => {
    const ringing = createRingingCalls();
    ringing.update(call('a', 'ringing'));
    ringing.update(call('b', 'ringing'));
    expect(ringing.update(call('a', 'active'))).toBe(true);
    expect(ringing.update(call('b', 'ended'))).toBe(false);
  });

  it('after a reload the state snapshot decides', () => {
    const ringing = createRingingCalls();
    ringing.update(call('old', 'ringing'));
    expect(ringing.reset([call('x', 'active'), call('y', 'ringing')])).toBe(true);
    expect(ringing.size).toBe(1);
  });

  it('the ringtone follows softphone:call events and stops when unbound', () => {
    const host = createFakeMediaHost();
    const log: string[] = [];
    const unbind = bindRingtone(host.api, { start: () => log.push('start'), stop: () => log.push('stop') });
    host.emit('softphone:call', call('a', 'ringing'));
    host.emit('softphone:call', call('a', 'connecting'));
    host.emit('softphone:call', call('b', 'ringing'));
    unbind();
    host.emit('softphone:call', call('c', 'ringing'));
    expect(log).toEqual(['start', 'stop', 'start', 'stop']);
  });

  it('rings once the ringing call has been painted, and not at all when it was answered before that', async () => {
    const host = createFakeMediaHost();
    const log: string[] = [];
    const frames: (() => void)[] = [];
    const nextFrame = () => new Promise<void>((resolve) => frames.push(resolve));
    bindRingtone(host.api, { start: () => log.push('start'), stop: () => log.push('stop') }, nextFrame);

    host.emit('softphone:call', call('a', 'ringing'));
    expect(log).toEqual([]);
    frames.shift()?.();
    await vi.waitFor(() => expect(log).toEqual(['start']));

    host.emit('softphone:call', call('a', 'connecting'));
    host.emit('softphone:call', call('b', 'ringing'));
    host.emit('softphone:call', call('b', 'connecting'));
    frames.shift()?.();
    await Promise.resolve();
    await Promise.resolve();
    expect(log).toEqual(['start', 'stop', 'stop']);
  });
});

describe('the generated ringtone', () => {
  it('is a valid mono 16-bit PCM WAV of one cadence', () => {
    const bytes = ringtoneWav();
    const view = new DataView(bytes.buffer);
    const text = (at: number) => String.fromCharCode(...bytes.slice(at, at + 4));
    expect([text(0), text(8), text(12), text(36)]).toEqual(['RIFF', 'WAVE', 'fmt ', 'data']);
    expect(view.getUint16(20, true)).toBe(1);
    expect(view.getUint16(22, true)).toBe(1);
    expect(view.getUint32(24, true)).toBe(DOUBLE_RING.sampleRate);
    expect(view.getUint16(34, true)).toBe(16);
    const seconds = DOUBLE_RING.cadenceMs.reduce((sum, ms) => sum + ms, 0) / 1000;
    expect(view.getUint32(40, true)).toBe(seconds * DOUBLE_RING.sampleRate * 2);
    expect(bytes.length).toBe(44 + seconds * DOUBLE_RING.sampleRate * 2);
  });

  it('rings in the bursts and is quiet in the gaps, without clicks at the edges', () => {
    const samples = ringtoneSamples();
    const rate = DOUBLE_RING.sampleRate;
    const peak = (from: number, to: number) => Math.max(...Array.from(samples.slice((from * rate) / 1000, (to * rate) / 1000), Math.abs));
    expect(peak(50, 350)).toBeGreaterThan(0.25 * 32767);
    expect(peak(410, 590)).toBe(0);
    expect(peak(1010, 3000)).toBe(0);
    expect(Math.abs(samples[0]!)).toBeLessThan(100);
    expect(peak(0, 3000)).toBeLessThanOrEqual(Math.ceil(DOUBLE_RING.volume * 32767));
    expect(encodeWav(new Int16Array(0), 8000).length).toBe(44);
  });
});
