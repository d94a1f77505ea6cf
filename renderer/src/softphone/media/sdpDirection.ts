/**
 * Which way audio flows, read from SDP and chosen for hold.
 *
 * Hold in SIP is an SDP direction (RFC 3264 §8.4): the side that holds offers
 * `sendonly`, or `inactive` when the other side already holds it. An answer
 * never widens what was offered; the browser intersects our transceiver's
 * direction with the offer itself (JSEP, RFC 8829 §5.3.1), so when we are not
 * holding we simply say `sendrecv` and let that intersection do the rest.
 */

const DIRECTIONS = ['sendrecv', 'sendonly', 'recvonly', 'inactive'] as const;
export type SdpDirection = (typeof DIRECTIONS)[number];

const isDirection = (value: string): value is SdpDirection => (DIRECTIONS as readonly string[]).includes(value);

/**
 * The direction of the first audio m-section of `sdp`: its own attribute, else
 * the session-level one, else `sendrecv` (the RFC 3264 §5.1 default). Null when
 * there is no audio section at all.
 */
export function audioDirectionOf(sdp: string): SdpDirection | null {
  let sessionDirection: SdpDirection | null = null;
  let inSession = true;
  let inAudio = false;
  let audioDirection: SdpDirection | null = null;
  let sawAudio = false;
  for (const raw of sdp.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('m=')) {
      if (inAudio) break; // only the first audio section counts
      inSession = false;
      inAudio = line.startsWith('m=audio ');
      sawAudio ||= inAudio;
      continue;
    }
    if (!line.startsWith('a=')) continue;
    const attribute = line.slice(2);
    if (!isDirection(attribute)) continue;
    if (inSession) sessionDirection = attribute;
    else if (inAudio) audioDirection = attribute;
  }
  if (!sawAudio) return null;
  return audioDirection ?? sessionDirection ?? 'sendrecv';
}

/** True when the peer's description says it sends us nothing (it holds us, or both hold). */
export const peerHolds = (peerDirection: SdpDirection | null): boolean => peerDirection === 'sendonly' || peerDirection === 'inactive';

/**
 * The direction to put on our audio transceiver before creating an offer or
 * an answer.
 *
 * | hold  | peer's direction       | ours       |
 * | ----- | ---------------------- | ---------- |
 * | false | anything               | `sendrecv` |
 * | true  | sendrecv/recvonly/none | `sendonly` |
 * | true  | sendonly/inactive      | `inactive` |
 *
 * `peerDirection` is the direction in the remote offer being answered, or in
 * the last remote description when we offer (null before there is one).
 */
export function chooseAudioDirection(hold: boolean, peerDirection: SdpDirection | null): RTCRtpTransceiverDirection {
  if (!hold) return 'sendrecv';
  return peerHolds(peerDirection) ? 'inactive' : 'sendonly';
}
