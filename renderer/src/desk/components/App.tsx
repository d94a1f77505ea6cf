import type { i18n } from 'i18next';
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
}

export function App({ store, i18n, customerIo = null }: AppProps) {
  return (
    <I18nextProvider i18n={i18n}>
      <StoreContext value={store}>
        <CustomerIoContext value={customerIo}>
          <DeskErrorBoundary>
            <Desk />
          </DeskErrorBoundary>
        </CustomerIoContext>
      </StoreContext>
    </I18nextProvider>
  );
}
