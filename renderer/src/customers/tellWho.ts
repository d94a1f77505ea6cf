import type { CustomerContext } from './customerContext';
import { compareIdentities, type Customer, type Identity } from './model';

/**
 * A first ring's "who is calling" (`PopOptions.onWho`): tells `onWho` the
 * customer's name and identities as soon as those two reads answer, as a
 * context whose history is still pending. The returned promise settles then,
 * or once `after` settles (`PopOptions.historyAfterWho`: the pop passes its
 * next paint); the history's own reads wait for it, so neither they nor the
 * script that asks for them come before the panel's first frame. Without
 * `onWho` it settles at once.
 */
export function tellWho(
  customerRead: Promise<Customer | undefined>,
  identitiesRead: Promise<Identity[]>,
  onWho: ((who: CustomerContext) => void) | undefined,
  after?: () => PromiseLike<unknown>,
): Promise<unknown> {
  if (onWho === undefined) return Promise.resolve();
  return Promise.all([customerRead, identitiesRead]).then(
    async ([customer, identities]) => {
      if (customer === undefined) return;
      onWho({ customer, identities: [...identities].sort(compareIdentities), posts: [], timeline: [], notes: [], historyPending: true });
      // A paint that never comes (a hidden page) must not hold the history back: afterNextPaint caps its wait.
      if (after !== undefined) await Promise.resolve(after()).then(undefined, () => undefined);
    },
    () => undefined,
  );
}
