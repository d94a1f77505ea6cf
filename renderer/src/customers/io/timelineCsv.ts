import type { TimelineEntry } from '../customerContext';
import { serialiseCsv } from './csv';

/**
 * A customer's timeline as CSV for a CRM or a supervisor's spreadsheet.
 * Headers and codes are stable identifiers, not translated text, so a CRM
 * mapping keeps working whatever language the agent's desk speaks. Times are
 * ISO 8601 UTC. Summaries are the customer's or agent's text: the CSV writer
 * neutralises formula-like cells.
 */
export const TIMELINE_CSV_HEADER = ['time', 'channel', 'direction', 'summary', 'wrap_up_code', 'outcome', 'call_id', 'conversation_id', 'uri'] as const;

export function timelineToCsv(entries: readonly TimelineEntry[]): string {
  return serialiseCsv([
    TIMELINE_CSV_HEADER,
    ...entries.map((entry) => [
      new Date(entry.at).toISOString(),
      entry.channel,
      entry.direction,
      entry.summary,
      entry.wrapUpCode ?? '',
      entry.outcome ?? '',
      entry.callId ?? '',
      entry.conversationId ?? '',
      entry.uri ?? '',
    ]),
  ]);
}

/** `customer-timeline-2025-01-31.csv`: a name the OS accepts, with no text from the customer in it. */
export function exportFileName(stem: string, extension: 'csv' | 'vcf', at: number): string {
  return `${stem}-${new Date(at).toISOString().slice(0, 10)}.${extension}`;
}
