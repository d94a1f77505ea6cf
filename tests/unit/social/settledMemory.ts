import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { setImmediate as macrotask } from 'node:timers/promises';

/** What the heap and the ArrayBuffers hold, read once a full GC has finished freeing. */
export interface MemoryReading {
  readonly heap: number;
  readonly arrayBuffers: number;
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * A reading after a full GC whose freeing has finished. V8 frees an ArrayBuffer's memory on a background
 * sweeper, so a reading just after one gc() can still count a megabyte of garbage on a loaded machine (CI
 * once read 150 B an item where a quiet run reads 55). The next full GC waits for that sweep before it
 * starts; the loop reads until two readings agree, which is waiting for a state, not for time.
 */
export async function settledMemory(): Promise<MemoryReading> {
  let last: MemoryReading | undefined;
  for (let round = 0; round < 10; round += 1) {
    gc();
    await macrotask();
    const { heapUsed, arrayBuffers } = process.memoryUsage();
    if (last !== undefined && last.heap === heapUsed && last.arrayBuffers === arrayBuffers) return last;
    last = { heap: heapUsed, arrayBuffers };
  }
  return last!;
}
