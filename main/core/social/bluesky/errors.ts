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

/** The service refused the account itself (wrong or revoked app password, takedown): retrying cannot help. */
export const isCredentialError = (error: unknown): boolean =>
  error instanceof XRPCError &&
  (httpStatus(error) === 401 || ['AuthenticationRequired', 'AccountTakedown', 'AuthFactorTokenRequired', 'AccountDeactivated'].includes(error.error));

export class MissingPassword extends Error {
  constructor() {
    super('no app password stored for this account');
    this.name = 'MissingPassword';
  }
}
