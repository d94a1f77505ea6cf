import { cleanup, render } from '@testing-library/react';
import type { TandemApi } from '@tandem/contract';
import { App, type AppProps } from '../../../renderer/src/desk/components/App';
import { SupervisorView } from '../../../renderer/src/supervisor/components/SupervisorView';
import { startDesk, type Desk, type DeskOptions } from '../../../renderer/src/startDesk';
import { readTandem } from '../../../renderer/src/tandemClient';

/**
 * The desk a renderer story opens: the page's own start (startDesk) and App,
 * rendered over a fake host, and closed after each test (`afterEach(closeDesk)`)
 * so no store, timer, IndexedDB connection or `window.tandem` of one story
 * reaches the next.
 */
export interface OpenDeskOptions extends DeskOptions {
  /**
   * Put the host where a bridge puts it (`window.tandem`) and let the desk read
   * it from there (readTandem), as the page does; otherwise the desk is handed
   * the host's api.
   */
  readonly onWindow?: boolean;
  /** The page the window shows, as `main.tsx` chooses it from the address. */
  readonly view?: 'desk' | 'supervisor';
  /** A page of the story's own (wins over `view`): what main.tsx shows when the supervisor's chunk fails to load. */
  readonly page?: AppProps['page'];
  readonly customerIo?: AppProps['customerIo'];
}

let opened: Desk | undefined;

export function renderDesk(host: { readonly api: TandemApi }, { onWindow = false, view, page, customerIo, ...options }: OpenDeskOptions = {}): Desk {
  if (onWindow) Object.defineProperty(window, 'tandem', { value: host.api, configurable: true });
  const desk = startDesk(onWindow ? readTandem(window) : host.api, document, options);
  opened = desk;
  render(
    <App
      store={desk.store}
      i18n={desk.i18n}
      {...(page !== undefined ? { page } : view === 'supervisor' ? { page: SupervisorView } : {})}
      {...(customerIo === undefined ? {} : { customerIo })}
    />,
  );
  return desk;
}

/** Unmounts the page, stops the desk (its timers, subscriptions and database) and takes the host off the window. */
export function closeDesk(): void {
  cleanup();
  opened?.stop();
  opened = undefined;
  Reflect.deleteProperty(window, 'tandem');
}
