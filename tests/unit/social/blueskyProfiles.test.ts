import { XRPCError, type AtpAgent } from '@atproto/api';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/core/log/logger';
import { authorFromRecord, authorFromView, avatarUrl, ProfileDirectory } from '../../../main/core/social/bluesky/profiles';
import { LIMITS } from '../../../main/core/social/sanitize';
import { systemClock } from '../../../main/core/time/clock';

/**
 * Who wrote to the brand. On a bare PDS Carla's profile is her
 * `app.bsky.actor.profile` record, which she controls entirely; through an
 * AppView it is a profile view. Either way the card must be safe to show, and
 * the directory must not ask the network for every item she posts.
 */
const SERVICE = 'http://127.0.0.1:2583';
const CARLA = 'did:plc:carla';

describe("reading Carla's profile", () => {
  describe('from her profile record (bare PDS)', () => {
    it('gives her names and an avatar blob URL on our service, without follower counts', () => {
      const author = authorFromRecord(SERVICE, CARLA, 'carla.test', { displayName: 'Carla', description: 'hi', avatar: { ref: { $link: 'bafkreiabc' } } });
      expect(author).toEqual({
        did: CARLA,
        handle: 'carla.test',
        displayName: 'Carla',
        description: 'hi',
        avatarUrl: `${SERVICE}/xrpc/com.atproto.sync.getBlob?did=did%3Aplc%3Acarla&cid=bafkreiabc`,
        followers: null,
        following: null,
      });
    });

    it('hostile names lose bidi overrides and line breaks and are capped; markup stays inert text', () => {
      const author = authorFromRecord(SERVICE, CARLA, 'carla.test\n', {
        displayName: `<script>x</script>\u202Egnp.exe\n${'N'.repeat(10_000)}`,
        description: `\u2066${'d'.repeat(10_000)}`,
        avatar: {},
      });
      expect(author.displayName.startsWith('<script>x</script>gnp.exe N')).toBe(true);
      expect(author.displayName).toHaveLength(LIMITS.displayName);
      expect(author.description).toHaveLength(LIMITS.description);
      expect(author.handle).toBe('carla.test');
      expect(author.avatarUrl).toBeNull();
    });

    it('fields of the wrong type become empty', () => {
      expect(authorFromRecord(SERVICE, CARLA, 'carla.test', { displayName: 42, description: { a: 1 }, avatar: { ref: null } })).toMatchObject({
        displayName: '',
        description: '',
        avatarUrl: null,
      });
    });

    it('an avatar CID that tries to smuggle URL parts is refused, not escaped', () => {
      for (const cid of ['abc&did=did:plc:evil', 'abc/../../x', 'abc?x', 'a\u200Bb', ''])
        expect(avatarUrl(SERVICE, CARLA, { ref: { $link: cid } }), cid).toBeNull();
      // A parsed CID object stringifies to its base32 form.
      expect(avatarUrl(SERVICE, CARLA, { ref: { toString: () => 'bafkreiabc' } })).toContain('cid=bafkreiabc');
    });
  });

  it('from an AppView profile view, with follower counts and only an http(s) avatar', () => {
    const author = authorFromView({
      did: CARLA,
      handle: 'carla.test',
      displayName: 'Carla\u202E',
      followersCount: 3,
      followsCount: 4,
      avatar: 'javascript:alert(1)',
    });
    expect(author).toEqual({ did: CARLA, handle: 'carla.test', displayName: 'Carla', description: '', avatarUrl: null, followers: 3, following: 4 });
  });
});

/** A bare PDS that serves Carla's repo and counts how often it is asked. */
function barePds() {
  const calls = { describeRepo: 0, getRecord: 0 };
  let displayName = 'Carla';
  let up = true;
  const fail = () => {
    throw new XRPCError(502, 'UpstreamFailure', 'down');
  };
  const agent = {
    app: { bsky: { actor: { getProfile: () => fail() } } },
    com: {
      atproto: {
        identity: { resolveHandle: () => ({ data: { did: CARLA } }) },
        repo: {
          describeRepo: () => {
            calls.describeRepo += 1;
            return up ? { data: { handle: 'carla.test' } } : fail();
          },
          getRecord: () => {
            calls.getRecord += 1;
            return up ? { data: { value: { displayName } } } : fail();
          },
        },
      },
    },
  } as unknown as AtpAgent;
  return { agent, calls, rename: (name: string) => (displayName = name), goDown: () => (up = false) };
}

describe('the profile directory', () => {
  let now = 0;
  const clock = { ...systemClock, now: () => now };

  it('reads an author once, until five minutes pass or the firehose says her profile changed', async () => {
    const pds = barePds();
    const directory = new ProfileDirectory(pds.agent, { service: SERVICE, clock, log: silentLogger });
    await directory.probeAppView(CARLA);

    expect((await directory.author(CARLA)).displayName).toBe('Carla');
    pds.rename('Carla B');
    expect((await directory.author(CARLA)).displayName).toBe('Carla');
    expect(pds.calls.getRecord).toBe(1);

    directory.profileChanged(CARLA);
    expect((await directory.author(CARLA)).displayName).toBe('Carla B');

    pds.rename('Carla C');
    now += 5 * 60_000;
    expect((await directory.author(CARLA)).displayName).toBe('Carla C');
    // The handle is remembered: only the profile record is read again.
    expect(pds.calls.describeRepo).toBe(1);
  });

  it('a handle from the firehose replaces the stale one', async () => {
    const pds = barePds();
    const directory = new ProfileDirectory(pds.agent, { service: SERVICE, clock, log: silentLogger });
    await directory.author(CARLA);
    directory.handleChanged(CARLA, 'carla.new');
    expect((await directory.author(CARLA)).handle).toBe('carla.new');
  });

  it('when the PDS cannot be reached, her item still gets an author: her DID, or her last known handle', async () => {
    const pds = barePds();
    pds.goDown();
    const directory = new ProfileDirectory(pds.agent, { service: SERVICE, clock, log: silentLogger });
    expect(await directory.author(CARLA)).toMatchObject({ did: CARLA, handle: CARLA, displayName: '' });
    directory.handleChanged(CARLA, 'carla.test');
    expect((await directory.author(CARLA)).handle).toBe('carla.test');
    await expect(directory.lookup(CARLA)).rejects.toThrow(XRPCError);
  });
});
