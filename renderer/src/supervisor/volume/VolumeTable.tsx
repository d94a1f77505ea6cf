import { useTranslation } from 'react-i18next';

/** One interval as the table says it, every figure already formatted for the supervisor's language. */
export interface VolumeRow {
  /** The interval's start (ms): its identity (a clock label repeats on the day clocks go back). */
  readonly at: number;
  readonly label: string;
  readonly mentions: string;
  readonly calls: string;
  /** Empty where the imported series has no point in that interval. */
  readonly interest: string;
}

export interface VolumeTableProps {
  readonly caption: string;
  readonly rows: readonly VolumeRow[];
  readonly withInterest: boolean;
}

/**
 * The chart's text alternative: every interval with its counts, in a table a
 * screen reader can walk by row and column. Shown to assistive technology
 * only: on screen the chart says the same.
 */
export function VolumeTable({ caption, rows, withInterest }: VolumeTableProps) {
  const { t } = useTranslation();
  return (
    <table className="visually-hidden">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('supervisor.volume.interval')}</th>
          <th scope="col">{t('supervisor.volume.mentions')}</th>
          <th scope="col">{t('supervisor.volume.calls')}</th>
          {withInterest ? <th scope="col">{t('supervisor.volume.interest')}</th> : null}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.at}>
            <th scope="row">{row.label}</th>
            <td>{row.mentions}</td>
            <td>{row.calls}</td>
            {withInterest ? <td>{row.interest}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
