import type { Logger } from '../../log/logger';
import type { IncomingItem } from '../connector';
import { classifyCommitOp } from './commits';
import type { FirehoseEvent } from './firehose';
import type { FirehoseReplay } from './firehoseReplay';
import type { ItemBuilder } from './items';
import type { ProfileDirectory } from './profiles';

/**
 * What one firehose event brings the desk, for the solo stream and the team's
 * ingester alike: the brand-addressed (or rule-matching) posts of a commit,
 * built into items; during a first connection's replay, only those the replay
 * window keeps (firehoseReplay.ts). Identity and profile events refresh the
 * author cache on the way.
 */
export async function itemsOfEvent(
  event: FirehoseEvent,
  replay: FirehoseReplay | null,
  deps: {
    readonly brandDid: string | null;
    readonly match: (text: string) => string | null;
    readonly profiles: ProfileDirectory;
    readonly items: ItemBuilder;
    readonly log: Logger;
  },
): Promise<IncomingItem[]> {
  if (event.type === 'identity' && event.handle !== null) deps.profiles.handleChanged(event.did, event.handle);
  if (event.type !== 'commit' || deps.brandDid === null) return [];
  const window = replay === null || replay.live ? null : replay;
  const { repo, ops, blocks, time } = event;
  const addressed: IncomingItem[] = [];
  for (const op of ops) {
    const outcome = classifyCommitOp(repo, op, blocks, deps.brandDid, deps.match);
    if (outcome.type === 'profile-changed') deps.profiles.profileChanged(repo);
    if (outcome.type === 'undecodable') deps.log.warn('bluesky: undecodable record', { path: op.path, error: String(outcome.error) });
    if (outcome.type !== 'item' || (window !== null && !window.keeps(time, outcome.kind, outcome.post.createdAt))) continue;
    addressed.push(await deps.items.post(outcome.uri, outcome.cid, outcome.post, outcome.kind, repo, outcome.ruleId));
  }
  return addressed;
}
