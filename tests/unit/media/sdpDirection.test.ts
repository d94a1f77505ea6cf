import { describe, expect, it } from 'vitest';
import { audioDirectionOf, chooseAudioDirection, peerHolds } from '../../../renderer/src/softphone/media/sdpDirection';

const sdp = (...lines: string[]) => ['v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', ...lines].join('\r\n') + '\r\n';

describe('reading the audio direction from SDP', () => {
  it('a media-level attribute wins over the session level', () => {
    expect(audioDirectionOf(sdp('a=sendrecv', 'm=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=sendonly'))).toBe('sendonly');
  });

  it('the session level applies when the audio section says nothing', () => {
    expect(audioDirectionOf(sdp('a=inactive', 'm=audio 9 RTP/AVP 0'))).toBe('inactive');
  });

  it('no attribute at all means sendrecv (RFC 3264 §5.1)', () => {
    expect(audioDirectionOf(sdp('m=audio 9 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000'))).toBe('sendrecv');
  });

  it('only the first audio section counts, and other media sections do not leak into it', () => {
    const text = sdp('m=video 9 RTP/AVP 96', 'a=inactive', 'm=audio 9 RTP/AVP 0', 'a=recvonly', 'm=audio 9 RTP/AVP 0', 'a=sendonly');
    expect(audioDirectionOf(text)).toBe('recvonly');
  });

  it('an SDP without audio has no audio direction, and LF-only line ends are read too', () => {
    expect(audioDirectionOf('v=0\nm=video 9 RTP/AVP 96\na=sendonly\n')).toBeNull();
    expect(audioDirectionOf('v=0\nm=audio 9 RTP/AVP 0\na=sendonly\n')).toBe('sendonly');
  });
});

describe('choosing our direction for hold (RFC 3264 §8.4)', () => {
  it('when the agent is not holding, we always say sendrecv and let the answer intersect with the offer', () => {
    for (const peer of ['sendrecv', 'sendonly', 'recvonly', 'inactive', null] as const) expect(chooseAudioDirection(false, peer)).toBe('sendrecv');
  });

  it('the agent holds a customer who is sending: sendonly', () => {
    expect(chooseAudioDirection(true, 'sendrecv')).toBe('sendonly');
    expect(chooseAudioDirection(true, 'recvonly')).toBe('sendonly');
    expect(chooseAudioDirection(true, null)).toBe('sendonly');
  });

  it('the agent holds a customer who already holds her: inactive', () => {
    expect(chooseAudioDirection(true, 'sendonly')).toBe('inactive');
    expect(chooseAudioDirection(true, 'inactive')).toBe('inactive');
    expect(peerHolds('sendonly')).toBe(true);
    expect(peerHolds('recvonly')).toBe(false);
  });
});
