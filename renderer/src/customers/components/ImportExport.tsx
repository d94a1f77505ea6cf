import { useId, useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { importCustomers, type ImportProgress, type ImportReport, type RejectedRow, type WarnedRow } from '../io/importCustomers';
import { rejectedRowsToCsv } from '../io/rejectedCsv';
import { customersToCsv, customersToVCards } from '../io/portable';
import { exportFileName } from '../io/timelineCsv';
import { defaultRegionOf } from '../../settings/settingsSelectors';
import { useTandemStore } from '../../store/useTandemStore';
import { InertText } from '../../ui/InertText';
import { useCustomerIo } from '../customerIo';
import { CSV_TYPE, downloadText, VCARD_TYPE } from '../../ui/download';

/** Files above this are refused before they are read: an address book this big is not a desk's job. */
export const MAX_IMPORT_MB = 20;
/** Rejected rows listed on screen; the count says how many more there were. */
export const MAX_LISTED_REJECTIONS = 200;
export const ACCEPTED_FILES = '.csv,.vcf,text/csv,text/vcard,text/x-vcard';

type Phase =
  | { readonly kind: 'idle' }
  | { readonly kind: 'importing'; readonly progress: ImportProgress }
  | { readonly kind: 'exporting' }
  | { readonly kind: 'done'; readonly report: ImportReport }
  | { readonly kind: 'failed'; readonly key: 'importExport.failed' | 'importExport.exportFailed'; readonly row: number };

const fileRejected = (reason: RejectedRow['reason']): ImportReport => ({ imported: 0, warned: [], rejected: [{ row: 0, reason }], header: [] });

/**
 * Customers in and out, as the bridge to a CRM, at the top of the Customers
 * area: import a CSV or vCard file (identities normalised; a row with a bad
 * field imported without it and listed with a warning; a row that cannot be
 * imported listed with its reason and downloadable as CSV to fix), export
 * every customer as CSV or vCard. Files are read as text and parsed as data;
 * nothing in them is executed or rendered as markup. Downloads are local
 * (Blob + object URL), never sent anywhere.
 */
export function ImportExport() {
  const { t } = useTranslation();
  const io = useCustomerIo();
  const headingId = useId();
  const inputId = useId();
  const progressId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const defaultRegion = useTandemStore(defaultRegionOf);
  if (io === null) return null;
  const busy = phase.kind === 'importing' || phase.kind === 'exporting';

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    // The same file can be chosen again after fixing it.
    event.target.value = '';
    if (file === undefined) return;
    if (file.size > MAX_IMPORT_MB * 1024 * 1024) {
      setPhase({ kind: 'done', report: fileRejected({ key: 'importExport.reason.tooLarge', values: { max: MAX_IMPORT_MB } }) });
      return;
    }
    let text: string;
    try {
      text = await file.text();
    } catch {
      setPhase({ kind: 'done', report: fileRejected({ key: 'importExport.reason.unreadable', values: {} }) });
      return;
    }
    let lastRow = 0;
    setPhase({ kind: 'importing', progress: { done: 0, total: 0 } });
    try {
      const report = await importCustomers({ name: file.name, text }, io.importSink, {
        defaultRegion,
        onProgress: (progress) => {
          lastRow = progress.done;
          setPhase({ kind: 'importing', progress });
        },
      });
      setPhase({ kind: 'done', report });
    } catch {
      // Storage failed mid-way: the batches before it are stored (each batch is one transaction).
      setPhase({ kind: 'failed', key: 'importExport.failed', row: lastRow + 2 });
    }
  };

  const exportAs = async (format: 'csv' | 'vcard') => {
    setPhase({ kind: 'exporting' });
    try {
      const customers = await io.readCustomers();
      if (format === 'csv') downloadText(document, exportFileName('customers', 'csv', Date.now()), customersToCsv(customers), CSV_TYPE);
      else downloadText(document, exportFileName('customers', 'vcf', Date.now()), customersToVCards(customers, '3.0'), VCARD_TYPE);
      setPhase({ kind: 'idle' });
    } catch {
      setPhase({ kind: 'failed', key: 'importExport.exportFailed', row: 0 });
    }
  };

  return (
    <section className="customer-io" aria-labelledby={headingId}>
      <h3 id={headingId} className="customer-tools-title">
        {t('importExport.title')}
      </h3>
      <div className="customer-io-actions">
        <input
          ref={input}
          id={inputId}
          type="file"
          accept={ACCEPTED_FILES}
          className="customer-io-file"
          // Opened by the button below: hidden, so "Import customers" names one control, not two.
          hidden
          aria-label={t('importExport.import')}
          tabIndex={-1}
          disabled={busy}
          onChange={(event) => void onFile(event)}
        />
        <button type="button" className="button button-small" disabled={busy} aria-controls={inputId} onClick={() => input.current?.click()}>
          {t('importExport.import')}
        </button>
        <button type="button" className="button button-small" disabled={busy} onClick={() => void exportAs('csv')}>
          {t('importExport.exportCsv')}
        </button>
        <button type="button" className="button button-small" disabled={busy} onClick={() => void exportAs('vcard')}>
          {t('importExport.exportVCard')}
        </button>
      </div>
      <div role="status" className="customer-io-status">
        {phase.kind === 'importing' && (
          <>
            <progress max={Math.max(1, phase.progress.total)} value={phase.progress.done} aria-labelledby={progressId} />
            <p id={progressId}>{t('importExport.progress', { done: phase.progress.done, total: phase.progress.total })}</p>
          </>
        )}
        {phase.kind === 'done' && (
          <p>{t('importExport.summary', { imported: phase.report.imported, warned: phase.report.warned.length, rejected: phase.report.rejected.length })}</p>
        )}
      </div>
      {phase.kind === 'failed' && (
        <p className="customer-tools-problem" role="alert">
          {t(phase.key, { row: phase.row })}
        </p>
      )}
      {phase.kind === 'done' && phase.report.warned.length > 0 && <WarnedList warned={phase.report.warned} />}
      {phase.kind === 'done' && phase.report.rejected.length > 0 && <RejectedList report={phase.report} />}
    </section>
  );
}

/** Rows imported without the fields named: the agent sees which and can fix them on the customer. */
function WarnedList({ warned }: { readonly warned: readonly WarnedRow[] }) {
  const { t } = useTranslation();
  const headingId = useId();
  const shown = warned.slice(0, MAX_LISTED_REJECTIONS);
  return (
    <div className="customer-io-report">
      <h4 id={headingId} className="customer-tools-subtitle">
        {t('importExport.warnedTitle')}
      </h4>
      <ul aria-labelledby={headingId} className="customer-io-rejected">
        {shown.map(({ row, warnings }) => (
          <li key={row}>
            <span className="customer-io-row">{t('importExport.row', { row })}</span>{' '}
            <InertText text={warnings.map((warning) => t(warning.key, warning.values)).join(' ')} />
          </li>
        ))}
      </ul>
      {warned.length > shown.length && <p className="customer-tools-muted">{t('importExport.more', { count: warned.length - shown.length })}</p>}
    </div>
  );
}

function RejectedList({ report }: { readonly report: ImportReport }) {
  const { t } = useTranslation();
  const headingId = useId();
  const { rejected } = report;
  const shown = [...rejected].sort((a, b) => a.row - b.row).slice(0, MAX_LISTED_REJECTIONS);
  // Whole-file reasons have no row to hand back.
  const rows = rejected.filter((row) => row.cells !== undefined);
  const download = () => {
    const csv = rejectedRowsToCsv(report.header, rows, {
      row: t('importExport.rowColumn'),
      reason: t('importExport.reasonColumn'),
      translate: (reason) => t(reason.key, reason.values),
    });
    downloadText(document, exportFileName('rejected-customers', 'csv', Date.now()), csv, CSV_TYPE);
  };
  return (
    <div className="customer-io-report">
      <h4 id={headingId} className="customer-tools-subtitle">
        {t('importExport.rejectedTitle')}
      </h4>
      {rows.length > 0 && (
        <button type="button" className="button button-small" onClick={download}>
          {t('importExport.downloadRejected')}
        </button>
      )}
      <ul aria-labelledby={headingId} className="customer-io-rejected">
        {shown.map(({ row, reason }, index) => (
          // Rows can repeat only for a whole-file reason; the position keeps keys unique.
          <li key={`${row}-${index}`}>
            <span className="customer-io-row">{row === 0 ? t('importExport.wholeFile') : t('importExport.row', { row })}</span>{' '}
            {/* Reason values quote the file (a bad phone, a handle): shown as text only, bidi controls dropped. */}
            <InertText text={t(reason.key, reason.values)} />
          </li>
        ))}
      </ul>
      {rejected.length > shown.length && <p className="customer-tools-muted">{t('importExport.more', { count: rejected.length - shown.length })}</p>}
    </div>
  );
}
