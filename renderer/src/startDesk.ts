import type { i18n } from 'i18next';
import type { TandemApi } from '../../preload/contract';
import { bindDocumentSettings } from './documentSettings';
import { createRendererI18n } from './i18n/i18n';
import { bindContract } from './store/bindContract';
import { createTandemStore, type TandemStore } from './store/store';

export interface Desk {
  readonly store: TandemStore;
  readonly i18n: i18n;
  /** Drops every subscription (tests; a future hot reload). */
  stop(): void;
}

/** The composition root: one store, one translator, wired to main and to the page. */
export function startDesk(api: TandemApi | undefined, doc: Document): Desk {
  const store = createTandemStore({ api });
  const translator = createRendererI18n();
  const unbindDocument = bindDocumentSettings(store, translator, doc.documentElement);
  const unbindContract = bindContract(store, api);
  return {
    store,
    i18n: translator,
    stop() {
      unbindContract();
      unbindDocument();
    },
  };
}
