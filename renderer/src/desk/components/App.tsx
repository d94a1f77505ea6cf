import type { i18n } from 'i18next';
import type { ComponentType } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { TandemStore } from '../../store/store';
import { StoreContext } from '../../store/useTandemStore';
import { CustomerIoContext, type CustomerIo } from '../../customers/customerIo';
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
}

export function App({ store, i18n, customerIo = null, page: Page = Desk }: AppProps) {
  return (
    <I18nextProvider i18n={i18n}>
      <StoreContext value={store}>
        <CustomerIoContext value={customerIo}>
          <DeskErrorBoundary>
            <Page />
          </DeskErrorBoundary>
        </CustomerIoContext>
      </StoreContext>
    </I18nextProvider>
  );
}
