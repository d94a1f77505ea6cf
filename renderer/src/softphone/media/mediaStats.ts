/** The audio counters that prove media flows, summed over a connection's RTP streams. */
export interface AudioStats {
  readonly bytesReceived: number;
  readonly packetsReceived: number;
  readonly bytesSent: number;
  readonly packetsSent: number;
  /** Sum of `totalAudioEnergy` of what was received: flat while the far end is muted or silent. */
  readonly audioEnergyReceived: number;
}

const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/** Reads `inbound-rtp` and `outbound-rtp` audio counters from a stats report. */
export function summarizeStats(report: Iterable<unknown>): AudioStats {
  let bytesReceived = 0;
  let packetsReceived = 0;
  let bytesSent = 0;
  let packetsSent = 0;
  let audioEnergyReceived = 0;
  for (const stat of report) {
    if (typeof stat !== 'object' || stat === null) continue;
    const type: unknown = Reflect.get(stat, 'type');
    const kind: unknown = Reflect.get(stat, 'kind');
    if (kind !== undefined && kind !== 'audio') continue;
    if (type === 'inbound-rtp') {
      bytesReceived += count(Reflect.get(stat, 'bytesReceived'));
      packetsReceived += count(Reflect.get(stat, 'packetsReceived'));
      audioEnergyReceived += count(Reflect.get(stat, 'totalAudioEnergy'));
    } else if (type === 'outbound-rtp') {
      bytesSent += count(Reflect.get(stat, 'bytesSent'));
      packetsSent += count(Reflect.get(stat, 'packetsSent'));
    }
  }
  return { bytesReceived, packetsReceived, bytesSent, packetsSent, audioEnergyReceived };
}

export async function readAudioStats(pc: RTCPeerConnection): Promise<AudioStats> {
  const report = await pc.getStats();
  return summarizeStats(report.values());
}
