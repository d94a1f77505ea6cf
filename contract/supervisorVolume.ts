import * as z from 'zod';

/**
 * The supervisor view's region "Volume" (issue 16, item 5): mentions and calls
 * per 15-minute interval over one day, counted by the team database.
 */

/** One interval of the chart: a quarter of an hour. */
export const VOLUME_INTERVAL_MS = 15 * 60_000;

/** A local day has 92, 96 or 100 quarter hours (daylight saving days); a little room either way. */
export const MAX_VOLUME_INTERVALS = 100;

export const VolumeRequest = z
  .object({
    /** The day's first instant (ms): the supervisor's local midnight, so intervals line up with their clock. */
    from: z.number().int().nonnegative(),
    /** How many intervals the day has from `from`. */
    intervals: z.number().int().min(1).max(MAX_VOLUME_INTERVALS),
  })
  .strict();
export type VolumeRequest = z.infer<typeof VolumeRequest>;

const Counts = z.array(z.number().int().nonnegative()).max(MAX_VOLUME_INTERVALS);

export const VolumeDay = z
  .object({
    from: z.number().int().nonnegative(),
    /** Social items that came in (everything but the brand's own replies and messages), per interval. */
    mentions: Counts,
    /** The team's call records (interactions on the call channel), per interval. */
    calls: Counts,
  })
  .strict()
  .refine((day) => day.mentions.length === day.calls.length, { message: 'mentions and calls cover the same intervals' });
export type VolumeDay = z.infer<typeof VolumeDay>;
