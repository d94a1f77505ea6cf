import { XRPCError, type AtpAgent } from '@atproto/api';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/core/log/logger';
import { HANDLES_KEPT, ProfileDirectory } from '../../../main/core/social/bluesky/profiles';
import { systemClock } from '../../../main/core/time/clock';

/**
 * Main runs for weeks and the firehose, through a relay, is the whole network:
 * what the profile directory remembers must stay bounded by what it is for.
 */
const SERVICE = 'http://127.0.0.1:2583';

/** A bare PDS where every DID has a profile, or none answers at all. */
function pds() {
  let up = true;
  const down = () => {
    throw new XRPCError(502, 'UpstreamFailure', 'down');
  };
  const agent = {
    app: { bsky: { actor: { getProfile: down } } },
    com: {
      atproto: {
        repo: {
          describeRepo: ({ repo }: { repo: string }) => (up ? { data: { handle: `${repo.slice(8)}.test` } } : down()),
          getRecord: ({ repo }: { repo: string }) => (up ? { data: { value: { displayName: repo } } } : down()),
        },
      },
    },
  } as unknown as AtpAgent;
  return { agent, goDown: () => (up = false) };
}

describe('the profile directory over weeks of traffic', () => {
  let now = 0;
  const clock = { ...systemClock, now: () => now };

  it('a day of distinct authors: only the last five minutes’ profiles are held, the rest are read again when asked', async () => {
    const directory = new ProfileDirectory(pds().agent, { service: SERVICE, clock, log: silentLogger });
    for (let author = 0; author < 1_000; author += 1) {
      now += 60_000;
      await directory.author(`did:plc:author${author}`);
    }
    expect(directory.held.profiles).toBeLessThanOrEqual(5);
    expect((await directory.author('did:plc:author999')).displayName).toBe('did:plc:author999');
  });

  it(`the network's identity events: the last ${HANDLES_KEPT} handles told are kept, the oldest forgotten first`, async () => {
    const network = pds();
    const directory = new ProfileDirectory(network.agent, { service: SERVICE, clock, log: silentLogger });
    for (let account = 0; account <= HANDLES_KEPT; account += 1) directory.handleChanged(`did:plc:acct${account}`, `acct${account}.new`);
    expect(directory.held.handles).toBe(HANDLES_KEPT);
    network.goDown();
    // Unreachable, an author shows as her last known handle, or as her DID once it is forgotten.
    expect((await directory.author(`did:plc:acct${HANDLES_KEPT}`)).handle).toBe(`acct${HANDLES_KEPT}.new`);
    expect((await directory.author('did:plc:acct1')).handle).toBe('acct1.new');
    expect((await directory.author('did:plc:acct0')).handle).toBe('did:plc:acct0');
  });
});
