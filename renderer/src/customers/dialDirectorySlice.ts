import type { CustomerRepository } from './customerRepository';
import { defaultRegionOf } from '../settings/settingsSelectors';
import type { SliceCreator } from '../store/store';
import { MAX_COMPLETIONS, rankDialCompletions, type DialCandidate, type DialCompletion } from '../softphone/dialCompletions';

/**
 * The directory behind the dial and transfer boxes: the team roster (the
 * profile's and, on a team desk, the database's: `teamDirectorySlice.ts`), the
 * recent calls the store already holds, and local customers through the
 * repository's indexed prefix search (never a scan of the table).
 */
export interface DialDirectorySlice {
  /** The completions for what the agent typed, best first; [] for an empty box. */
  readonly dialCompletionsFor: (query: string) => Promise<DialCompletion[]>;
}

export const createDialDirectorySlice: SliceCreator<DialDirectorySlice> = (deps) => (_set, get) => ({
  async dialCompletionsFor(query) {
    if (query.trim() === '') return [];
    const state = get();
    // The profile's roster, then the team database's colleagues; one address offered twice is ranked once.
    const team: DialCandidate[] = [...(state.settings?.team.roster ?? []), ...state.teamDirectory].map((member) => ({
      source: 'team',
      name: member.name,
      target: member.uri,
    }));
    const recent: DialCandidate[] = (state.recentCalls ?? []).map((call) => ({
      source: 'recent',
      name: call.remoteDisplayName,
      target: call.remoteNumber ?? call.remoteUri,
    }));
    const customers = deps.customers === undefined ? [] : await customerCandidates(deps.customers, query, defaultRegionOf(state));
    return rankDialCompletions(query, [...team, ...recent, ...customers]);
  },
});

async function customerCandidates(repo: CustomerRepository, query: string, defaultRegion: string): Promise<DialCandidate[]> {
  try {
    const hits = await repo.search(query, defaultRegion, MAX_COMPLETIONS);
    // A name match carries no identity: its numbers come from one indexed read by customer id.
    const byName = hits.filter((hit) => hit.identity === null).map((hit) => hit.customer.id);
    const identities = [...hits.flatMap((hit) => (hit.identity === null ? [] : [hit.identity])), ...(await repo.dialIdentities(byName))];
    const names = new Map(hits.map((hit) => [hit.customer.id, hit.customer.name]));
    return identities
      .filter((identity) => identity.kind === 'phone' || identity.kind === 'sip')
      .map((identity) => ({ source: 'customer', name: names.get(identity.customerId) ?? '', target: identity.value }));
  } catch {
    // IndexedDB can be unavailable (private mode, quota): the box still dials what is typed and offers the team.
    return [];
  }
}
