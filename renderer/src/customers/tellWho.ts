import type { CustomerContext } from './customerContext';
import { compareIdentities, type Customer, type Identity } from './model';

/**
 * A first ring's "who is calling" (`PopOptions.onWho`): tells `onWho` the
 * customer's name and identities as soon as those two reads answer, as a
 * context whose history is still pending. The returned promise settles then;
 * the history's own reads wait for it, so they do not queue beside the two
 * reads the panel's first frame needs. Without `onWho` it settles at once.
 */
export function tellWho(
  customerRead: Promise<Customer | undefined>,
  identitiesRead: Promise<Identity[]>,
  onWho: ((who: CustomerContext) => void) | undefined,
): Promise<unknown> {
  if (onWho === undefined) return Promise.resolve();
  return Promise.all([customerRead, identitiesRead]).then(
    ([customer, identities]) => {
      if (customer !== undefined)
        onWho({ customer, identities: [...identities].sort(compareIdentities), posts: [], timeline: [], notes: [], historyPending: true });
    },
    () => undefined,
  );
}
