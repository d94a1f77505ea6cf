import type { MainTranslator } from '../core/i18n/mainI18n';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char);

/** What a browser without the token sees: a plain page, no script, nothing of the app. */
export function refusalPage(i18n: MainTranslator): string {
  const title = escapeHtml(i18n.t('web.refusedTitle'));
  const body = escapeHtml(i18n.t('web.refusedBody'));
  return `<!doctype html><html lang="${i18n.language}" dir="${i18n.dir}"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'"><title>${title}</title></head><body><main><h1>${title}</h1><p>${body}</p></main></body></html>`;
}
