import type en from '../../i18n/locales/en.json';

/** The import's reasons and warnings as i18n keys and values: the UI translates them, the rejected rows' CSV too. */
export type ImportReasonKey = `importExport.reason.${keyof (typeof en)['importExport']['reason']}`;

/** An i18n key and its values: values are file text, shown only as text. */
export interface ImportReason {
  readonly key: ImportReasonKey;
  readonly values: Readonly<Record<string, string | number>>;
}

/** Values quoted back in a reason are cut: a 10 kB cell must not become a 10 kB report line. */
const MAX_QUOTED_CHARS = 64;

export const quoteValue = (text: string): string => (text.length > MAX_QUOTED_CHARS ? `${text.slice(0, MAX_QUOTED_CHARS - 1)}…` : text);

export const importReason = (key: ImportReasonKey, values: Record<string, string | number> = {}): ImportReason => ({ key, values });
