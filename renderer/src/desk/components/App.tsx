import type { i18n } from 'i18next';
import { useMemo, type ComponentType } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { TandemStore } from '../../store/store';
import { StoreContext } from '../../store/useTandemStore';
import { CustomerIoContext, type CustomerIo } from '../../customers/customerIo';
import { usePaintedFor } from '../../dom/usePaintedFor';
import { FirstFramePainted } from '../../ui/AfterFirstPaint';
import { Desk } from './Desk';
import { DeskErrorBoundary } from './DeskErrorBoundary';

export interface AppProps {
  readonly store: TandemStore;
  readonly i18n: i18n;
  readonly customerIo?: CustomerIo | null;
  /**
   * The page this window shows: the agent desk, or the supervisor view (issue 16; `supervisor/supervisorPage.ts`).
   * Passed in, not chosen here, so the desk's bundle does not carry the supervisor view and its chart library:
   * `main.tsx` loads that chunk only on the supervisor's page.
   */
  readonly page?: ComponentType;
  /** Hold back the side columns' contents until the first frame is painted (`ui/AfterFirstPaint.tsx`): the desk's page does. */
  readonly holdUntilPainted?: boolean;
}

export function App({ store, i18n, customerIo = null, page: Page = Desk, holdUntilPainted = false }: AppProps) {
  const painted = usePaintedFor(holdUntilPainted ? 'first-frame' : null) || !holdUntilPainted;
  // The same element across the flip, so only what reads `FirstFramePainted` renders again, not the inbox.
  const content = useMemo(
    () => (
      <DeskErrorBoundary>
        <Page />
      </DeskErrorBoundary>
    ),
    [Page],
  );
  return (
    <I18nextProvider i18n={i18n}>
      <StoreContext value={store}>
        <CustomerIoContext value={customerIo}>
          <FirstFramePainted value={painted}>{content}</FirstFramePainted>
        </CustomerIoContext>
      </StoreContext>
    </I18nextProvider>
  );
}
