import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfile, profilePathFrom } from '../../../main/core/profile/loadProfile';
import { anaProfile } from '../../support/testCore';

async function writeProfile(content: unknown, mode = 0o600): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-profile-'));
  const file = join(dir, 'profile.json');
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  await chmod(file, mode);
  return file;
}

describe('a deployment scripts the app with a profile', () => {
  it('loads the documented example profile', async () => {
    const profile = await loadProfile(await writeProfile(anaProfile));
    expect(profile.agent.name).toBe('Ana Ruiz');
    expect(profile.sip?.iceServers).toEqual([]);
    expect(profile.team.roster[0]?.uri).toBe('sip:1002@127.0.0.1');
  });

  it('refuses a profile holding a password that group or others can read, and says how to fix it', async () => {
    const file = await writeProfile(anaProfile, 0o644);
    await expect(loadProfile(file)).rejects.toThrow(/readable by group or others.*chmod 600/);
  });

  it('accepts a world-readable profile without secrets', async () => {
    const profile = await loadProfile(await writeProfile({ agent: { name: 'Wall board', role: 'supervisor' } }, 0o644));
    expect(profile.agent.role).toBe('supervisor');
  });

  it("takes the team's own meaning cues per language, and names a misspelt list", async () => {
    const profile = await loadProfile(await writeProfile({ agent: { name: 'Ana' }, cues: { es: { problem: ['no me llegó'] } } }, 0o644));
    expect(profile.cues).toEqual({ es: { problem: ['no me llegó'] } });
    expect((await loadProfile(await writeProfile({ agent: { name: 'Ana' } }, 0o644))).cues).toEqual({});
    const error = (await loadProfile(await writeProfile({ agent: { name: 'Ana' }, cues: { es: { problems: ['x'] } } }, 0o644)).catch(
      (e: unknown) => e,
    )) as Error;
    expect(error.message).toMatch(/cues\.es/);
  });

  it('names the key and the problem in a bad profile, without echoing values', async () => {
    const bad = { ...anaProfile, sip: { ...anaProfile.sip, server: 'http://example.invalid', password: 'hunter2' } };
    const error = (await loadProfile(await writeProfile(bad)).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/sip\.server: must be a ws:\/\/ or wss:\/\/ URL/);
    expect(error.message).not.toContain('hunter2');
  });

  it('refuses unknown keys (a typo is not silently ignored)', async () => {
    await expect(loadProfile(await writeProfile({ agnet: { name: 'x' } }))).rejects.toThrow(/agnet/);
  });

  it('says when the file is not JSON or is missing', async () => {
    await expect(loadProfile(await writeProfile('{ nope'))).rejects.toThrow(/not valid JSON/);
    await expect(loadProfile('/nonexistent/profile.json')).rejects.toThrow(/cannot be read \(ENOENT\)/);
  });

  it('takes --profile before TANDEM_PROFILE', () => {
    expect(profilePathFrom(['--profile', 'a.json'], { TANDEM_PROFILE: 'b.json' })).toBe('a.json');
    expect(profilePathFrom(['--profile=c.json'], {})).toBe('c.json');
    expect(profilePathFrom([], { TANDEM_PROFILE: 'b.json' })).toBe('b.json');
    expect(profilePathFrom([], {})).toBeUndefined();
  });
});
