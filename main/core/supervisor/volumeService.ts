import * as z from 'zod';
import type { VolumeDay, VolumeRequest } from '@tandem/contract';
import type { TeamSessions } from './teamPool';

/** One row of `supervisor_volume()` (migration 0012): counts come back as bigint, which `pg` gives as text. */
const VolumeRow = z.object({
  slot: z.number().int().nonnegative(),
  mentions: z.coerce.number().int().nonnegative(),
  calls: z.coerce.number().int().nonnegative(),
});

/**
 * The region "Volume" of the supervisor view (issue 16, item 5): one day's
 * mentions and calls per quarter hour, counted by the team database. The
 * function is granted to supervisors only, so the database refuses an
 * agent's login (42501) whatever the desk asks.
 */
export class VolumeService {
  constructor(private readonly sessions: TeamSessions) {}

  async day(request: VolumeRequest): Promise<VolumeDay> {
    const pool = await this.sessions.pool();
    const result = await pool.query('select slot, mentions, calls from supervisor_volume($1, $2)', [new Date(request.from), request.intervals]);
    const mentions = new Array<number>(request.intervals).fill(0);
    const calls = new Array<number>(request.intervals).fill(0);
    for (const raw of result.rows) {
      const row = VolumeRow.parse(raw);
      if (row.slot >= request.intervals) continue;
      mentions[row.slot] = row.mentions;
      calls[row.slot] = row.calls;
    }
    return { from: request.from, mentions, calls };
  }
}
