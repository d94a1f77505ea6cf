import { XRPCError } from '@atproto/api';

/** The HTTP status of an XRPC failure as a plain number (XRPCError types it as an enum), or null. */
export function httpStatus(error: unknown): number | null {
  return error instanceof XRPCError ? Number(error.status) : null;
}
