import type { CallInfo, TandemApi, Unsubscribe } from '@tandem/contract';
import { applySink, playQuietly } from './audioOutput';
import { createRingingCalls } from './ringingCalls';
import { ringtoneWav } from './ringtoneWav';

export interface RingtoneOptions {
  readonly doc: Document;
  /** `URL.createObjectURL` / `revokeObjectURL` of the page. */
  readonly urls: Pick<typeof URL, 'createObjectURL' | 'revokeObjectURL'>;
  /** The ring device ('' = default output). */
  readonly sinkId: string;
}

/**
 * Plays the ringtone on the ring device, which may differ from the speaker
 * (a loudspeaker rings while the headset carries the call). One `<audio>`
 * element in script, never in the document, looping a generated WAV.
 */
export function createRingtone({ doc, urls, sinkId }: RingtoneOptions) {
  let element: HTMLAudioElement | null = null;
  let url: string | null = null;
  let sink = sinkId;
  let ringing = false;

  function audio(): HTMLAudioElement {
    if (element) return element;
    url = urls.createObjectURL(new Blob([ringtoneWav()], { type: 'audio/wav' }));
    element = doc.createElement('audio');
    element.loop = true;
    element.src = url;
    void applySink(element, sink);
    return element;
  }

  return {
    start(): void {
      if (ringing) return;
      ringing = true;
      const player = audio();
      player.currentTime = 0;
      playQuietly(player);
    },
    stop(): void {
      if (!ringing) return;
      ringing = false;
      element?.pause();
    },
    setSink(deviceId: string): void {
      sink = deviceId;
      if (element) void applySink(element, sink);
    },
    get ringing() {
      return ringing;
    },
    get sinkId() {
      return sink;
    },
    /** Whether the tone is actually playing (false while the page may not autoplay yet). */
    get playing() {
      return element !== null && !element.paused;
    },
    dispose(): void {
      ringing = false;
      if (element) {
        element.pause();
        element.removeAttribute('src');
        element.load();
      }
      if (url !== null) urls.revokeObjectURL(url);
      element = null;
      url = null;
    },
  };
}

export type Ringtone = ReturnType<typeof createRingtone>;

/**
 * Rings while any inbound call rings, driven by `softphone:call` events. `yieldToPaint` (default: none)
 * lets the frame that shows the ringing call and its screen pop go first: starting the element costs a
 * few ms of main thread, and a tone a frame later is not something anyone hears. Stopping is immediate.
 */
export function bindRingtone(
  host: Pick<TandemApi, 'on'>,
  ringtone: Pick<Ringtone, 'start' | 'stop'>,
  yieldToPaint?: () => Promise<void>,
): Unsubscribe & { readonly reset: (calls: readonly CallInfo[]) => void } {
  const calls = createRingingCalls();
  let ringing = false;
  const apply = (ring: boolean) => {
    ringing = ring;
    if (!ring) return ringtone.stop();
    if (yieldToPaint === undefined) return ringtone.start();
    // Still ringing once the frame is out (the call may have been answered or cancelled meanwhile).
    void yieldToPaint().then(() => {
      if (ringing) ringtone.start();
    });
  };
  const unsubscribe = host.on('softphone:call', (call) => apply(calls.update(call)));
  return Object.assign(
    () => {
      unsubscribe();
      ringtone.stop();
    },
    { reset: (snapshot: readonly CallInfo[]) => apply(calls.reset(snapshot)) },
  );
}
