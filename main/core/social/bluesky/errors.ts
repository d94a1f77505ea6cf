import { XRPCError } from '@atproto/api';

/** The HTTP status of an XRPC failure as a plain number (XRPCError types it as an enum), or null. */
export function httpStatus(error: unknown): number | null {
  return error instanceof XRPCError ? Number(error.status) : null;
}

/** A read of a record that is not there: XRPC answers 400 (RecordNotFound, InvalidRequest) or 404. */
export function isNotFound(error: unknown): boolean {
  const status = httpStatus(error);
  return status === 400 || status === 404;
}
