/**
 * Main sends one SDP per offer/answer (no trickle ICE over SIP), so the local
 * description must carry the candidates. We wait for gathering to complete,
 * but never longer than `timeoutMs`: after that the candidates gathered so far
 * go out (loopback and LAN host candidates come within milliseconds; a slow
 * STUN/TURN server must not hold up the call).
 */
export const ICE_GATHERING_TIMEOUT_MS = 2000;

/** Whether an SDP already carries at least one ICE candidate. */
export const hasCandidates = (sdp: string | undefined): boolean => sdp !== undefined && /^a=candidate:/m.test(sdp);

export function waitForIceGathering(pc: RTCPeerConnection, timeoutMs = ICE_GATHERING_TIMEOUT_MS): Promise<void> {
  // Right after an ICE restart the state can still read 'complete' from the previous generation
  // while the new description has no candidates yet: then wait for the new round.
  if (pc.iceGatheringState === 'complete' && hasCandidates(pc.localDescription?.sdp)) return Promise.resolve();
  return new Promise((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', onState);
      pc.removeEventListener('icecandidate', onCandidate);
      pc.removeEventListener('signalingstatechange', onSignaling);
      resolve();
    };
    const onState = () => {
      if (pc.iceGatheringState === 'complete') finish();
    };
    // A null candidate is the end-of-candidates marker, which some versions send before the state event.
    const onCandidate = (event: RTCPeerConnectionIceEvent) => {
      if (event.candidate === null) finish();
    };
    // A closed connection never completes gathering.
    const onSignaling = () => {
      if (pc.signalingState === 'closed') finish();
    };
    const timer = setTimeout(finish, timeoutMs);
    pc.addEventListener('icegatheringstatechange', onState);
    pc.addEventListener('icecandidate', onCandidate);
    pc.addEventListener('signalingstatechange', onSignaling);
  });
}
