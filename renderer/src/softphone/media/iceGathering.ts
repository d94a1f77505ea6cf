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

/**
 * With no STUN/TURN server there is nothing to wait for once the host candidates are in: Chromium gathers all
 * UDP host candidates in one step (at once when the candidate pool gathered them ahead), and its later steps only
 * add TCP host candidates (ICE-TCP, which SIP media gateways such as rtpengine do not use) — up to ~100 ms more.
 * So when `hostOnly`, gathering counts as done after this quiet time without a new candidate.
 */
export const HOST_CANDIDATES_QUIET_MS = 5;

export interface IceGatheringOptions {
  /** No ICE servers are configured: stop at the host candidates (see `HOST_CANDIDATES_QUIET_MS`). */
  readonly hostOnly?: boolean;
}

export function waitForIceGathering(
  pc: RTCPeerConnection,
  timeoutMs = ICE_GATHERING_TIMEOUT_MS,
  { hostOnly = false }: IceGatheringOptions = {},
): Promise<void> {
  // Right after an ICE restart the state can still read 'complete' from the previous generation
  // while the new description has no candidates yet: then wait for the new round.
  if (pc.iceGatheringState === 'complete' && hasCandidates(pc.localDescription?.sdp)) return Promise.resolve();
  return new Promise((resolve) => {
    let quiet: ReturnType<typeof setTimeout> | undefined;
    const hostsIn = () => {
      clearTimeout(quiet);
      quiet = setTimeout(finish, HOST_CANDIDATES_QUIET_MS);
    };
    const finish = () => {
      clearTimeout(timer);
      clearTimeout(quiet);
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
      else if (hostOnly) hostsIn();
    };
    // A closed connection never completes gathering.
    const onSignaling = () => {
      if (pc.signalingState === 'closed') finish();
    };
    const timer = setTimeout(finish, timeoutMs);
    pc.addEventListener('icegatheringstatechange', onState);
    pc.addEventListener('icecandidate', onCandidate);
    pc.addEventListener('signalingstatechange', onSignaling);
    // Candidates gathered ahead (the pool) are in the description already.
    if (hostOnly && hasCandidates(pc.localDescription?.sdp)) hostsIn();
  });
}
