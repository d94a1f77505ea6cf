import type { ConfirmOutcome, ConfirmVerificationCode, PendingVerification, StartVerification } from '@tandem/contract';

/** One-time codes and the proof that answers them (issue 5, "consent, not guessing"; issue 9: a claim is not proof). */
export interface IdentityService {
  start(request: StartVerification): Promise<PendingVerification>;
  /** A code the desk sent privately, read back by the caller on a live call. */
  confirm(request: ConfirmVerificationCode): Promise<ConfirmOutcome>;
  cancel(verificationId: string): Promise<void>;
  pending(): PendingVerification[];
  dispose(): Promise<void>;
}
