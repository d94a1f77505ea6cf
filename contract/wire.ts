import * as z from 'zod';

/**
 * Frames of the browser host's WebSocket: the same contract as Electron's IPC,
 * one request/reply pair per `id`, and events pushed by main.
 */
export const InvokeFrame = z
  .object({ kind: z.literal('invoke'), id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER), channel: z.string().max(100), payload: z.unknown() })
  .strict();
export type InvokeFrame = z.infer<typeof InvokeFrame>;

export interface ResultFrame {
  readonly kind: 'result';
  readonly id: number;
  readonly result: unknown;
}

export interface EventFrame {
  readonly kind: 'event';
  readonly event: string;
  readonly payload: unknown;
}

export type ServerFrame = ResultFrame | EventFrame;
