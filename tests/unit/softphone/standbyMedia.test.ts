/**
 * While Ana's line is registered, one connection waits in her media engine
 * for the next call she dials (ICE gathered, microphone off), so dialling
 * does not wait for ICE. What the engine hears, step by step.
 */
import { describe, expect, it } from 'vitest';
import { StandbyMedia } from '../../../main/core/softphone/calls/standbyMedia';
import type { MediaOperation } from '@tandem/contract';
import { manualClock } from './support/manualClock';

function engine() {
  const clock = manualClock();
  const heard: Array<{ id: string; op: MediaOperation['op']; microphone?: boolean }> = [];
  const standby = new StandbyMedia({
    clock,
    maxAgeMs: 120_000,
    broker: {
      notify: (id, operation) => {
        heard.push({ id, op: operation.op, ...('microphone' in operation && operation.microphone !== undefined ? { microphone: operation.microphone } : {}) });
      },
    },
  });
  return { clock, heard, standby };
}

describe('the standby connection for Ana’s next outbound call', () => {
  it('registered: one connection is prepared without the microphone, however often the line says so', () => {
    const { heard, standby } = engine();
    standby.warm();
    standby.warm();
    expect(heard).toEqual([{ id: heard[0]?.id, op: 'prepare', microphone: false }]);
  });

  it('she dials: the call takes the standby’s id (its media), and a new standby is made once the call is up', () => {
    const { heard, standby } = engine();
    standby.warm();
    const first = heard[0]?.id;
    expect(standby.take()).toBe(first);
    // Taken: nothing to hand to a second call, and the engine is not told to close it (it is the call's now).
    expect(standby.take()).toBeUndefined();
    expect(heard.map((h) => h.op)).toEqual(['prepare']);

    standby.rewarm();
    expect(heard).toHaveLength(2);
    expect(heard[1]).toMatchObject({ op: 'prepare', microphone: false });
    expect(heard[1]?.id).not.toBe(first);
  });

  it('she goes offline: the standby is closed and not made again after a call', () => {
    const { heard, standby } = engine();
    standby.warm();
    standby.drop();
    standby.rewarm();
    expect(heard.map((h) => h.op)).toEqual(['prepare', 'close']);
    expect(heard[1]?.id).toBe(heard[0]?.id);
  });

  it('the network changed: the old connection is closed and a fresh one made at once', () => {
    const { heard, standby } = engine();
    standby.warm();
    standby.drop(true);
    expect(heard.map((h) => h.op)).toEqual(['prepare', 'close', 'prepare']);
    expect(heard[2]?.id).not.toBe(heard[0]?.id);
  });

  it('a network change while offline makes nothing', () => {
    const { heard, standby } = engine();
    standby.drop(true);
    expect(heard).toEqual([]);
  });

  it('after two minutes unused it is replaced: its ICE candidates may be stale', () => {
    const { clock, heard, standby } = engine();
    standby.warm();
    clock.advance(119_999);
    expect(heard).toHaveLength(1);
    clock.advance(1);
    expect(heard.map((h) => h.op)).toEqual(['prepare', 'close', 'prepare']);
    expect(heard[1]?.id).toBe(heard[0]?.id);
  });

  it('a taken standby never ages out under the call that uses it', () => {
    const { clock, heard, standby } = engine();
    standby.warm();
    standby.take();
    clock.advance(120_000);
    expect(heard.map((h) => h.op)).toEqual(['prepare']);
  });

  it('a window reading main learns which standby to keep: the one prepared, none once taken or dropped', () => {
    // A window that was away releases the media of every id main does not name (SoftphoneSnapshot.standby).
    const { clock, heard, standby } = engine();
    expect(standby.id).toBeNull();
    standby.warm();
    expect(standby.id).toBe(heard[0]?.id);
    clock.advance(120_000);
    expect(standby.id).toBe(heard[2]?.id);
    standby.take();
    expect(standby.id).toBeNull();
    standby.rewarm();
    standby.drop();
    expect(standby.id).toBeNull();
  });

  it('the media engine reloaded: the same standby is prepared again', () => {
    const { heard, standby } = engine();
    standby.reprepare();
    expect(heard).toEqual([]);
    standby.warm();
    standby.reprepare();
    expect(heard.map((h) => h.op)).toEqual(['prepare', 'prepare']);
    expect(heard[1]?.id).toBe(heard[0]?.id);
  });
});
