/**
 * The ringtone, generated: a 16-bit mono PCM WAV of a double ring (two 400 ms
 * bursts of 400 + 450 Hz, 200 ms apart, then 2 s of quiet), played on loop.
 * Made in memory so nothing is fetched and the CSP needs only `media-src blob:`.
 */
export interface RingPattern {
  readonly sampleRate: number;
  readonly frequencies: readonly number[];
  /** Alternating on/off durations in milliseconds, starting with a tone. */
  readonly cadenceMs: readonly number[];
  /** Peak amplitude, 0–1. */
  readonly volume: number;
}

export const DOUBLE_RING: RingPattern = { sampleRate: 8000, frequencies: [400, 450], cadenceMs: [400, 200, 400, 2000], volume: 0.35 };

/** Ramps at each burst's edges so the speaker does not click. */
const RAMP_MS = 10;

export function ringtoneSamples(pattern: RingPattern = DOUBLE_RING): Int16Array {
  const { sampleRate, frequencies, cadenceMs, volume } = pattern;
  const totalMs = cadenceMs.reduce((sum, ms) => sum + ms, 0);
  const samples = new Int16Array(Math.round((totalMs * sampleRate) / 1000));
  const ramp = Math.max(1, Math.round((RAMP_MS * sampleRate) / 1000));
  let offset = 0;
  cadenceMs.forEach((ms, index) => {
    const length = Math.round((ms * sampleRate) / 1000);
    if (index % 2 === 0) {
      for (let i = 0; i < length && offset + i < samples.length; i++) {
        const t = i / sampleRate;
        const tone = frequencies.reduce((sum, f) => sum + Math.sin(2 * Math.PI * f * t), 0) / Math.max(1, frequencies.length);
        const envelope = Math.min(1, i / ramp, (length - 1 - i) / ramp);
        samples[offset + i] = Math.round(tone * envelope * volume * 32767);
      }
    }
    offset += length;
  });
  return samples;
}

/** A RIFF/WAVE file (PCM, mono, 16-bit little-endian) holding `samples`. */
export function encodeWav(samples: Int16Array, sampleRate: number): Uint8Array<ArrayBuffer> {
  const dataBytes = samples.length * 2;
  const buffer = new ArrayBuffer(44 + dataBytes);
  const view = new DataView(buffer);
  const ascii = (at: number, text: string) => {
    for (let i = 0; i < text.length; i++) view.setUint8(at + i, text.charCodeAt(i));
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true); // fmt chunk size
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true); // byte rate
  view.setUint16(32, 2, true); // block align
  view.setUint16(34, 16, true); // bits per sample
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  samples.forEach((sample, i) => view.setInt16(44 + i * 2, sample, true));
  return new Uint8Array(buffer);
}

export const ringtoneWav = (pattern: RingPattern = DOUBLE_RING): Uint8Array<ArrayBuffer> => encodeWav(ringtoneSamples(pattern), pattern.sampleRate);
