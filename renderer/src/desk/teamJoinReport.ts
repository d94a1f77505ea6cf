import type { TFunction } from 'i18next';
import type { ContractError } from '@tandem/contract';
import type { JoinReport } from '../customers/teamJoin/moveHistory';
import { errorKeyOf } from '../i18n/resources';

/** Main's keys for a move that could not run (a solo desk, the database away), and the cache's own; anything else by its code. */
const JOIN_ERRORS = ['teamJoin.errors.offline', 'teamJoin.errors.solo', 'teamJoin.errors.repoint'] as const;
export function joinErrorKey(error: ContractError): (typeof JOIN_ERRORS)[number] | ReturnType<typeof errorKeyOf> {
  return JOIN_ERRORS.find((key) => key === error.messageKey) ?? errorKeyOf(error);
}

/** The report's counts, in the order the agent reads them; a zero line is left out unless nothing at all moved. */
export function joinReportCounts(report: JoinReport, t: TFunction): string[] {
  const lines: [number, string][] = [
    [report.created, t('teamJoin.report.created', { count: report.created })],
    [report.merged, t('teamJoin.report.merged', { count: report.merged })],
    [report.present, t('teamJoin.report.present', { count: report.present })],
    [report.identitiesLinked, t('teamJoin.report.identities', { count: report.identitiesLinked })],
    [report.notes, t('teamJoin.report.notes', { count: report.notes })],
    [report.calls, t('teamJoin.report.calls', { count: report.calls })],
    [report.refused.length, t('teamJoin.report.refused', { count: report.refused.length })],
    [report.skipped.length, t('teamJoin.report.skipped', { count: report.skipped.length })],
  ];
  const shown = lines.filter(([count]) => count > 0).map(([, line]) => line);
  return shown.length > 0 ? shown : [t('teamJoin.report.created', { count: 0 })];
}

/** The downloadable report: the counts, then every merge, refusal and skipped row, one per line. */
export function joinReportText(report: JoinReport, t: TFunction): string {
  return [
    t('teamJoin.doneTitle'),
    '',
    ...joinReportCounts(report, t),
    '',
    ...report.merges.map((merge) => t('teamJoin.report.mergeLine', { ...merge, matchedBy: merge.matchedBy ?? '', interpolation: { escapeValue: false } })),
    ...report.refused.map((row) => t('teamJoin.report.refusedLine', { ...row, interpolation: { escapeValue: false } })),
    ...report.skipped.map((row) => t('teamJoin.report.skippedLine', { ...row, interpolation: { escapeValue: false } })),
  ].join('\n');
}
