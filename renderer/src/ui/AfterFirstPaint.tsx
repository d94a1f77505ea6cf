import { createContext, useContext, type ReactNode } from 'react';

/**
 * Whether the page's first frame has been painted. The desk's page starts with false (`App`'s
 * `holdUntilPainted`, set by `main.tsx`): after a reload the agent's first sight is the inbox
 * (issue 14 item 2), and what `AfterFirstPaint` wraps (the calls column's and the context column's
 * contents, the hidden Customers tab: ~40 % of the first render) comes one frame later, inside
 * panels already drawn. Elsewhere, component stories included, it is true from the start.
 */
export const FirstFramePainted = createContext(true);

/** Its children, from the page's first painted frame on. */
export function AfterFirstPaint({ children }: { readonly children: ReactNode }) {
  return useContext(FirstFramePainted) ? children : null;
}
