import { Menu, Tray, nativeImage } from 'electron';
import { join } from 'node:path';
import type { ConnectionState } from '@tandem/contract';
import type { MainTranslator } from '../core/i18n/mainI18n';

export interface TrayActions {
  show(): void;
  quit(): void;
}

export interface DeskTray {
  setConnectionState(state: ConnectionState): void;
  /** Re-reads every label (after a language change). */
  refresh(): void;
  destroy(): void;
}

/**
 * The tray icon: its picture and tooltip say whether the softphone is
 * connected, its menu can bring the window back or quit. Labels come from
 * main's translator.
 */
export function createDeskTray(assets: string, i18n: MainTranslator, actions: TrayActions): DeskTray {
  let state: ConnectionState = 'offline';
  const icon = (current: ConnectionState) => nativeImage.createFromPath(join(assets, `tray-${current}.png`));
  const tray = new Tray(icon(state));

  const render = (): void => {
    tray.setImage(icon(state));
    tray.setToolTip(i18n.t('tray.tooltip', { state: i18n.t(`tray.state.${state}`) }));
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: i18n.t('tray.show'), click: () => actions.show() },
        { type: 'separator' },
        { label: i18n.t('tray.quit'), click: () => actions.quit() },
      ]),
    );
  };
  tray.on('click', () => actions.show());
  render();

  return {
    setConnectionState(next) {
      state = next;
      render();
    },
    refresh: render,
    destroy: () => tray.destroy(),
  };
}
