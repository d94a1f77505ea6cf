/**
 * Routing an `<audio>` element to a chosen output device. `setSinkId` is in
 * Chromium (and so Electron) but not in every browser a wall-board might use;
 * without it the element plays on the system default.
 */
type SinkElement = HTMLMediaElement & { setSinkId?: (sinkId: string) => Promise<void>; sinkId?: string };

export const canChooseOutput = (win: typeof globalThis): boolean => 'setSinkId' in win.HTMLMediaElement.prototype;

/** Points `element` at `deviceId` ('' = default). Never throws: a vanished device leaves the current sink. */
export async function applySink(element: HTMLMediaElement, deviceId: string): Promise<boolean> {
  const sinkable = element as SinkElement;
  if (typeof sinkable.setSinkId !== 'function') return false;
  if (sinkable.sinkId === deviceId) return true;
  try {
    await sinkable.setSinkId(deviceId);
    return true;
  } catch {
    return false;
  }
}

/** Starts playback, ignoring an autoplay refusal: the element plays as soon as the page may (and stats do not depend on it). */
export function playQuietly(element: HTMLMediaElement): void {
  try {
    void element.play().catch(() => undefined);
  } catch {
    // jsdom-like environments without play()
  }
}
