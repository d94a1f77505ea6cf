import { applySink, playQuietly } from './audioOutput';

/**
 * Where a call's remote audio plays: an `<audio>` element created in script,
 * never put in the document (nothing to render, nothing for the desk's markup
 * to depend on). Chromium only plays a remote WebRTC track that is attached
 * to a media element, so every call needs one.
 */
export function createRemoteAudio(doc: Document, sinkId: string) {
  const element = doc.createElement('audio');
  element.autoplay = true;
  let sink = sinkId;
  void applySink(element, sink);

  return {
    element,
    /** Plays the remote track (replacing the previous one after a renegotiation). */
    attach(track: MediaStreamTrack) {
      const current = element.srcObject;
      if (current instanceof MediaStream && current.getTracks().includes(track)) return;
      element.srcObject = new MediaStream([track]);
      playQuietly(element);
    },
    /** Silenced while the call rings with its answer prepared: no early audio before the agent answers. */
    silence(on: boolean) {
      element.muted = on;
    },
    setSink(deviceId: string) {
      sink = deviceId;
      void applySink(element, sink);
    },
    get sinkId() {
      return sink;
    },
    get playing() {
      return element.srcObject !== null && !element.paused;
    },
    dispose() {
      element.pause();
      element.srcObject = null;
    },
  };
}

export type RemoteAudio = ReturnType<typeof createRemoteAudio>;
