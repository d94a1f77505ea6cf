import { normaliseHandle } from '../customers/identityValue';
import type { Customer, Identity } from '../customers/model';
import type { SliceCreator } from '../store/store';
import { authorCustomer } from './authorMatch';
import { contextProblemReporter } from './contextProblem';
import { defaultRegionOf } from '../settings/settingsSelectors';

/**
 * One customer beside every conversation (issue 12 §7): when the agent opens a
 * social conversation, its author is looked up by their DID (identities
 * `did`), and by their Bluesky handle (`[kind+value]`) only where no link
 * carries a DID (authorMatch.ts: handles change). A known author's customer
 * opens in the context column, unless a call holds the panel (a call's panel
 * is never replaced by a conversation, and the call is never re-assigned);
 * an unknown one is offered "Create customer" and "Link to customer", both
 * of which record the handle as an unverified link (the agent's word, not
 * the customer's proof).
 *
 * The numbers offered to "Call" are the customer's phone identities: numbers
 * an agent recorded or the customer proved. A number an account merely sent
 * in a private message is a claim on the handle's link (`Identity.claim`),
 * never a phone identity, so it is never offered.
 */
export interface ConversationAuthor {
  readonly conversationId: string;
  readonly handle: string;
  readonly displayName: string;
  readonly status: 'loading' | 'known' | 'unknown';
  readonly customer: Customer | null;
  /** E.164 numbers, proven ones first. */
  readonly numbers: readonly { readonly value: string; readonly verified: boolean }[];
}

export interface ConversationCustomerSlice {
  conversationAuthor: ConversationAuthor | null;
  /** Called whenever the selected conversation changes (store/bindContract.ts). */
  readonly conversationSelected: (conversationId: string | null) => Promise<void>;
  readonly createCustomerForAuthor: () => Promise<boolean>;
  readonly linkAuthorToCustomer: (customerId: string) => Promise<boolean>;
  /** Puts the number in the dial box and dials it; the call points to the open conversation (issue 15). */
  readonly callAuthor: (number: string) => Promise<void>;
  /** Switches the conversation's composer to a private message to the author. */
  readonly messageAuthorPrivately: () => void;
}

export const callableNumbers = (identities: readonly Identity[]): ConversationAuthor['numbers'] =>
  identities
    .filter((identity) => identity.kind === 'phone')
    .map((identity) => ({ value: identity.value, verified: identity.verified }))
    .sort((a, b) => Number(b.verified) - Number(a.verified));

export const createConversationCustomerSlice: SliceCreator<ConversationCustomerSlice> = (deps) => (set, get) => {
  const repo = deps.customers;
  const { guarded } = contextProblemReporter(set);

  const still = (conversationId: string) => get().conversationAuthor?.conversationId === conversationId;

  /** Reads the author's customer and, when no call holds the panel, opens them there. */
  async function show(conversationId: string, customerId: string): Promise<void> {
    if (!repo) return;
    const [customer, identities] = await Promise.all([repo.getCustomer(customerId), repo.identities(customerId)]);
    if (!still(conversationId)) return;
    set((state) =>
      state.conversationAuthor === null
        ? {}
        : {
            conversationAuthor: {
              ...state.conversationAuthor,
              status: customer === undefined ? 'unknown' : 'known',
              customer: customer ?? null,
              numbers: callableNumbers(identities),
            },
          },
    );
    if (customer === undefined || get().contextCall !== null) return;
    // Already on show (opened from here before): read again, the Customers area may have changed them since.
    if (get().customerContext?.customer.id === customerId) await get().reloadContext();
    else await get().openCustomer(customerId);
  }

  return {
    conversationAuthor: null,

    async conversationSelected(conversationId) {
      const conversation = conversationId === null ? undefined : get().conversations.get(conversationId);
      const handle = conversation === undefined ? null : normaliseHandle(conversation.authorHandle);
      if (conversationId === null || conversation === undefined || handle === null) return set({ conversationAuthor: null });
      set({
        conversationAuthor: { conversationId, handle, displayName: conversation.authorDisplayName, status: 'loading', customer: null, numbers: [] },
      });
      if (!repo) return;
      // By DID first, by handle only for links without one (authorMatch.ts); both reads are one index each.
      const matches = await guarded('lookup', () =>
        Promise.all([
          conversation.authorDid === '' ? Promise.resolve([]) : repo.findByDid(conversation.authorDid, 5),
          repo.findByIdentity([{ kind: 'bluesky', value: handle }], 5),
        ]),
      );
      if (!still(conversationId) || matches === undefined) return;
      const only = authorCustomer({ did: conversation.authorDid }, ...matches);
      if (only === null)
        return set((state) => (state.conversationAuthor === null ? {} : { conversationAuthor: { ...state.conversationAuthor, status: 'unknown' } }));
      await guarded('lookup', () => show(conversationId, only.id));
    },

    async createCustomerForAuthor() {
      const author = get().conversationAuthor;
      if (!repo || author === null || author.status !== 'unknown') return false;
      const name = author.displayName.trim() === '' ? author.handle : author.displayName;
      const created = await guarded('customer', () =>
        repo.createCustomer({ name, identities: [{ kind: 'bluesky', value: author.handle }] }, defaultRegionOf(get())),
      );
      if (created === undefined || !still(author.conversationId)) return false;
      await guarded('lookup', () => show(author.conversationId, created.customer.id));
      return true;
    },

    async linkAuthorToCustomer(customerId) {
      const author = get().conversationAuthor;
      if (!repo || author === null) return false;
      const linked = await guarded('identity', () => repo.addIdentity(customerId, 'bluesky', author.handle, defaultRegionOf(get())));
      if (linked?.ok !== true || !still(author.conversationId)) return false;
      await guarded('lookup', () => show(author.conversationId, customerId));
      return true;
    },

    async callAuthor(number) {
      get().setDialDraft(number);
      const conversationId = get().conversationAuthor?.conversationId;
      await get().dial(conversationId);
    },

    messageAuthorPrivately() {
      const author = get().conversationAuthor;
      if (author !== null) get().setDraft(author.conversationId, { mode: 'private' });
    },
  };
};
