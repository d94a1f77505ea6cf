import { AtpAgent } from '@atproto/api';
import { ContractFailure } from '../../contract/contractFailure';
import { TIMED_OUT, withTimeout, type Clock } from '../../time/clock';
import { isCredentialError } from './errors';

/**
 * The connection test of "Connect Bluesky": a real login on the service the
 * agent typed, with the app password they typed, before the desk keeps
 * either. The answer is the service's, so the dialog can say which it was:
 * the service refused the handle or app password (`rejected`), or the service
 * could not be reached or did not answer in time (`unavailable`). The session
 * is dropped: the connector logs in itself once the account is kept.
 */
export async function testBlueskyLogin(
  input: { readonly service: string; readonly handle: string; readonly appPassword: string },
  clock: Clock,
  timeoutMs = 10_000,
): Promise<void> {
  const agent = new AtpAgent({ service: input.service });
  try {
    const login = await withTimeout(agent.login({ identifier: input.handle, password: input.appPassword }), timeoutMs, clock);
    if (login === TIMED_OUT) throw new ContractFailure('unavailable', 'settings.errors.socialUnreachable', 'timed out');
  } catch (error: unknown) {
    if (error instanceof ContractFailure) throw error;
    if (isCredentialError(error) || isInvalidIdentifier(error)) throw new ContractFailure('rejected', 'settings.errors.socialCredentialsRejected');
    throw new ContractFailure('unavailable', 'settings.errors.socialUnreachable', String(error));
  }
}

/** A handle the service does not host answers 400 InvalidRequest/"Invalid identifier or password": the same refusal to the agent. */
function isInvalidIdentifier(error: unknown): boolean {
  const { status, error: name } = error as { status?: unknown; error?: unknown };
  return status === 400 && (name === 'InvalidRequest' || name === 'AuthenticationRequired');
}
