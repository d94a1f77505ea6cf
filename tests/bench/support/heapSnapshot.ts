import type { CDPSession } from '@playwright/test';

/** A heap snapshot of the page behind `cdp`, as the JSON DevTools would save (for heapDiff.ts and heapRetainers.ts). */
export async function takeHeapSnapshot(cdp: CDPSession): Promise<string> {
  const chunks: string[] = [];
  const onChunk = (params: { chunk: string }) => chunks.push(params.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  return chunks.join('');
}
