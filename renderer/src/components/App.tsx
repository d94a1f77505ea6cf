import type { i18n } from 'i18next';
import { I18nextProvider } from 'react-i18next';
import type { TandemStore } from '../store/store';
import { StoreContext } from '../store/useTandemStore';
import { Desk } from './Desk';
import { DeskErrorBoundary } from './DeskErrorBoundary';

export interface AppProps {
  readonly store: TandemStore;
  readonly i18n: i18n;
}

export function App({ store, i18n }: AppProps) {
  return (
    <I18nextProvider i18n={i18n}>
      <StoreContext value={store}>
        <DeskErrorBoundary>
          <Desk />
        </DeskErrorBoundary>
      </StoreContext>
    </I18nextProvider>
  );
}
