import type { PendingVerification, StartVerification } from '../../../preload/contract';

/** One-time codes and the proof that answers them (issue 5, "consent, not guessing"). */
export interface IdentityService {
  start(request: StartVerification): Promise<PendingVerification>;
  cancel(verificationId: string): Promise<void>;
  pending(): PendingVerification[];
  dispose(): Promise<void>;
}
