/**
 * A PCM WAV tone for baresip's `aufile` source: 8 kHz, 16-bit, mono.
 *
 * baresip (1.0) hangs up the call when the file ends ("audio error: end of
 * file"), so the tone must outlast every call in a test.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ToneOptions {
  readonly seconds: number;
  readonly frequencyHz?: number;
  readonly sampleRate?: number;
  /** Peak amplitude, 0..1 of full scale. */
  readonly amplitude?: number;
}

export function toneWav(options: ToneOptions): Buffer {
  const sampleRate = options.sampleRate ?? 8000;
  const frequency = options.frequencyHz ?? 440;
  const amplitude = Math.round(32767 * (options.amplitude ?? 0.3));
  const samples = Math.round(options.seconds * sampleRate);
  const dataBytes = samples * 2;
  const wav = Buffer.alloc(44 + dataBytes);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + dataBytes, 4);
  wav.write('WAVE', 8, 'ascii');
  wav.write('fmt ', 12, 'ascii');
  wav.writeUInt32LE(16, 16); // fmt chunk size
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(sampleRate, 24);
  wav.writeUInt32LE(sampleRate * 2, 28); // byte rate
  wav.writeUInt16LE(2, 32); // block align
  wav.writeUInt16LE(16, 34); // bits per sample
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < samples; i += 1) {
    wav.writeInt16LE(Math.round(amplitude * Math.sin((2 * Math.PI * frequency * i) / sampleRate)), 44 + i * 2);
  }
  return wav;
}

const writing = new Map<string, Promise<string>>();

/** Writes the tone once per machine (shared by all baresip instances); returns its path. */
export function cachedToneWav(options: ToneOptions): Promise<string> {
  const key = `${options.seconds}s-${options.frequencyHz ?? 440}hz-${options.sampleRate ?? 8000}-${options.amplitude ?? 0.3}`;
  const path = join(tmpdir(), `tandem-tone-${key}.wav`);
  const pending = writing.get(path);
  if (pending !== undefined) return pending;
  const work = (async (): Promise<string> => {
    if (existsSync(path)) return path;
    // Unique temporary name, then an atomic rename: concurrent writers never see a partial file.
    const partial = `${path}.${process.pid}.${randomUUID()}.partial`;
    await writeFile(partial, toneWav(options));
    await rename(partial, path);
    return path;
  })();
  writing.set(path, work);
  work.catch(() => writing.delete(path));
  return work;
}
