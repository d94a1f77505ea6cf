import { describe, expect, it } from 'vitest';
import type { Logger } from '../../../main/core/log/logger';
import { rateLimitedLog } from '../../../main/web/rateLimitedLog';

function recordingLogger(): Logger & { lines: { message: string; fields: Record<string, unknown> | undefined }[] } {
  const lines: { message: string; fields: Record<string, unknown> | undefined }[] = [];
  const record = (message: string, fields?: Record<string, unknown>) => lines.push({ message, fields });
  return { lines, info: record, warn: record, error: record };
}

describe('a rate-limited log', () => {
  it('a quiet host logs every refusal', () => {
    const log = recordingLogger();
    let now = 0;
    const limited = rateLimitedLog(log, { burst: 3, perSecond: 1 }, () => now);
    for (let i = 0; i < 5; i++) {
      limited.warn('refused', { i });
      now += 1_000;
    }
    expect(log.lines.map((line) => line.fields)).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }, { i: 3 }, { i: 4 }]);
  });

  it('a flood of 1 000 refusals in one instant writes only the burst, and the next line says how many were dropped', () => {
    const log = recordingLogger();
    let now = 0;
    const limited = rateLimitedLog(log, { burst: 3, perSecond: 1 }, () => now);
    for (let i = 0; i < 1_000; i++) limited.warn('refused');
    expect(log.lines).toHaveLength(3);

    // Step: a second later one token has come back.
    now = 1_000;
    limited.warn('refused');
    limited.warn('refused');
    expect(log.lines).toHaveLength(4);
    expect(log.lines[3]?.fields).toEqual({ suppressed: 997 });
  });

  it('earns tokens back no further than the burst, however long it was quiet', () => {
    const log = recordingLogger();
    let now = 0;
    const limited = rateLimitedLog(log, { burst: 2, perSecond: 10 }, () => now);
    now = 3_600_000;
    for (let i = 0; i < 10; i++) limited.warn('refused');
    expect(log.lines).toHaveLength(2);
  });
});
