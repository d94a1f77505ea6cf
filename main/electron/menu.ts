import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { MainTranslator } from '../core/i18n/mainI18n';

export interface MenuActions {
  quit(): void;
}

/**
 * The application menu, translated by main's translator and rebuilt when the
 * agent changes language. Edit items use Electron's roles so the shortcuts
 * and the OS behaviour are right; DevTools only appear in development.
 */
export function installAppMenu(i18n: MainTranslator, actions: MenuActions, options: { isMac: boolean; isPackaged: boolean }): void {
  const template: MenuItemConstructorOptions[] = [
    ...(options.isMac ? [{ role: 'appMenu' } satisfies MenuItemConstructorOptions] : []),
    {
      label: i18n.t('menu.file'),
      submenu: [{ label: i18n.t('menu.quit'), accelerator: 'CmdOrCtrl+Q', click: () => actions.quit() }],
    },
    {
      label: i18n.t('menu.edit'),
      submenu: [
        { label: i18n.t('menu.undo'), role: 'undo' },
        { label: i18n.t('menu.redo'), role: 'redo' },
        { type: 'separator' },
        { label: i18n.t('menu.cut'), role: 'cut' },
        { label: i18n.t('menu.copy'), role: 'copy' },
        { label: i18n.t('menu.paste'), role: 'paste' },
        { label: i18n.t('menu.selectAll'), role: 'selectAll' },
      ],
    },
    {
      label: i18n.t('menu.view'),
      submenu: [
        { label: i18n.t('menu.reload'), role: 'reload' },
        { label: i18n.t('menu.toggleFullScreen'), role: 'togglefullscreen' },
        ...(options.isPackaged ? [] : [{ type: 'separator' } as const, { role: 'toggleDevTools' } as const]),
      ],
    },
    { label: i18n.t('menu.help'), role: 'help', submenu: [{ label: i18n.t('menu.about'), role: 'about' }] },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
