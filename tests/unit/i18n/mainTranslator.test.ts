import { describe, expect, it } from 'vitest';
import { createMainTranslator } from '../../../main/core/i18n/mainI18n';
import { refusalPage } from '../../../main/web/refusalPage';

describe("main speaks the agent's language too: menus, tray, the host's pages", () => {
  it('in Arabic the menus are Arabic and the refusal page is right to left; switching to French turns it back', async () => {
    const i18n = await createMainTranslator('ar');
    expect(i18n.t('menu.file')).toBe('ملف');
    expect(i18n.dir).toBe('rtl');
    expect(refusalPage(i18n)).toContain('<html lang="ar" dir="rtl">');

    await i18n.setLanguage('fr');
    expect(i18n.t('menu.quit')).toBe('Quitter');
    expect(i18n.dir).toBe('ltr');
    expect(refusalPage(i18n)).toContain('<html lang="fr" dir="ltr">');
  });

  it('Brazilian Portuguese is its own language, not a fallback to English', async () => {
    const i18n = await createMainTranslator('pt-BR');
    expect(i18n.t('notifications.incomingCallFrom', { caller: '+55 11 5555 0100' })).toBe('Chamada de +55 11 5555 0100');
  });
});
