/**
 * The host keeps serving when whoever read its output goes away (the
 * launcher quit, a test runner closed the pipe): a write to a closed pipe
 * raises EPIPE as an `error` event on stdout/stderr, and an unheard `error`
 * event ends the process, calls and all. Nothing is lost that could be
 * shown: the stream that failed is the one the log would have used.
 */
export function keepServingWhenOutputCloses(streams: readonly NodeJS.WritableStream[]): void {
  for (const stream of streams) stream.on('error', () => undefined);
}
