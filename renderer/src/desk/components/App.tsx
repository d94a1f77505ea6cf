import type { i18n } from 'i18next';
import { I18nextProvider } from 'react-i18next';
import type { TandemStore } from '../../store/store';
import { StoreContext } from '../../store/useTandemStore';
import { CustomerIoContext, type CustomerIo } from '../../customers/customerIo';
import { Desk } from './Desk';
import { DeskErrorBoundary } from './DeskErrorBoundary';
import { SupervisorView } from '../../supervisor/components/SupervisorView';

export interface AppProps {
  readonly store: TandemStore;
  readonly i18n: i18n;
  readonly customerIo?: CustomerIo | null;
  /** Which page this window shows: the agent desk, or the supervisor view (issue 16; `supervisor/supervisorPage.ts`). */
  readonly view?: 'desk' | 'supervisor';
}

export function App({ store, i18n, customerIo = null, view = 'desk' }: AppProps) {
  return (
    <I18nextProvider i18n={i18n}>
      <StoreContext value={store}>
        <CustomerIoContext value={customerIo}>
          <DeskErrorBoundary>{view === 'supervisor' ? <SupervisorView /> : <Desk />}</DeskErrorBoundary>
        </CustomerIoContext>
      </StoreContext>
    </I18nextProvider>
  );
}
