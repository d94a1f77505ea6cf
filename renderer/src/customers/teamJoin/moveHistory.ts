import type { ContractError, JoinBatch, JoinBatchOutcome, JoinCustomerOutcome, JoinRefusal, Result } from '@tandem/contract';
import type { LocalHistory, LocalSkip } from './localHistory';
import type { MergedCustomer } from './repointMerged';

/** What the move did, as the agent reads it and downloads it. */
export interface JoinReport {
  /** Customers created in the team under their local id. */
  readonly created: number;
  /** Customers merged into a team customer that had one of their identities. */
  readonly merged: number;
  /** Customers the team already had under the same id (an interrupted earlier move). */
  readonly present: number;
  readonly identitiesLinked: number;
  readonly notes: number;
  readonly calls: number;
  readonly merges: readonly Pick<JoinCustomerOutcome, 'localId' | 'teamId' | 'teamName' | 'matchedBy'>[];
  /** Rows the team database refused (with its reason). */
  readonly refused: readonly JoinRefusal[];
  /** Rows this desk did not send (with why). */
  readonly skipped: readonly LocalSkip[];
}

export interface MoveProgress {
  readonly customers: number;
  readonly rows: number;
}

export type SendBatch = (batch: JoinBatch) => Promise<Result<JoinBatchOutcome>>;

export type MoveResult =
  { readonly ok: true; readonly report: JoinReport; readonly merged: readonly MergedCustomer[] } | { readonly ok: false; readonly error: ContractError };

/**
 * Sends the desk's history to the team in two phases: customers (the answers
 * say which team customer each became), then notes and calls carrying those
 * team ids. Stops at the first batch main could not write; everything is
 * idempotent, so the next attempt starts over from the beginning and the
 * rows already written count again without being written twice.
 */
export async function moveLocalHistory(history: LocalHistory, send: SendBatch, onProgress: (progress: MoveProgress) => void = () => {}): Promise<MoveResult> {
  const skipped: LocalSkip[] = [];
  const refused: JoinRefusal[] = [];
  const teamIds = new Map<string, string>();
  const merges: JoinReport['merges'][number][] = [];
  const merged: MergedCustomer[] = [];
  const counts = { created: 0, merged: 0, present: 0, identitiesLinked: 0, notes: 0, calls: 0 };

  for await (const customers of history.customerBatches(skipped)) {
    const answer = await send({ phase: 'customers', customers });
    if (!answer.ok) return answer;
    if (answer.value.phase !== 'customers') continue;
    for (const outcome of answer.value.customers) {
      teamIds.set(outcome.localId, outcome.teamId);
      counts[outcome.outcome] += 1;
      counts.identitiesLinked += outcome.identitiesLinked;
      if (outcome.outcome === 'merged') {
        merges.push({ localId: outcome.localId, teamId: outcome.teamId, teamName: outcome.teamName, matchedBy: outcome.matchedBy });
        merged.push({ localId: outcome.localId, teamId: outcome.teamId, teamName: outcome.teamName });
      }
    }
    refused.push(...answer.value.refused);
    onProgress({ customers: teamIds.size, rows: counts.notes + counts.calls });
  }

  for await (const batch of history.historyBatches((localId) => teamIds.get(localId), skipped)) {
    const answer = await send({ phase: 'history', ...batch });
    if (!answer.ok) return answer;
    if (answer.value.phase !== 'history') continue;
    counts.notes += answer.value.notes;
    counts.calls += answer.value.calls;
    refused.push(...answer.value.refused);
    onProgress({ customers: teamIds.size, rows: counts.notes + counts.calls });
  }
  return { ok: true, report: { ...counts, merges, refused, skipped }, merged };
}
