import { useCallback, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useTandemStore } from '../../store/useTandemStore';
import { formatClock, formatDay, formatNumber, formatValue } from '../../ui/format';
import { Region } from '../../ui/Region';
import { useNow } from '../../ui/useNow';
import { InterestImport } from './InterestImport';
import { VolumeChart } from './VolumeChart';
import { VolumeCorrelation } from './VolumeCorrelation';
import { VolumeTable, type VolumeRow } from './VolumeTable';
import { binSeries, completeIntervals, intervalStarts, localDay } from './volumeDay';
import { summarizeVolume } from './volumeSummary';
import './volume.css';

/**
 * The region "Volume" of the supervisor view (issue 16, item 5): mentions and
 * calls per quarter hour over the supervisor's day, their correlation and the
 * lag at which it is highest, and an imported interest series on a second
 * axis. Read from the team database again every minute.
 */
export function VolumeRegion() {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const { volume, problem, interest, refusal, loadVolume, importInterest, clearInterest } = useTandemStore(
    useShallow((state) => ({
      volume: state.volume,
      problem: state.volumeProblem,
      interest: state.interest,
      refusal: state.interestRefusal,
      loadVolume: state.loadVolume,
      importInterest: state.importInterest,
      clearInterest: state.clearInterest,
    })),
  );
  const now = useNow('minute');
  const { from, intervals } = localDay(now);
  const day = useMemo(() => ({ from, intervals }), [from, intervals]);
  useEffect(() => {
    void loadVolume(day);
  }, [loadVolume, day, now]);

  const starts = useMemo(() => intervalStarts(day), [day]);
  const labels = useMemo(() => starts.map((at) => formatClock(at, language)), [starts, language]);
  const interestBins = useMemo(() => (interest === null ? null : binSeries(interest.points, day)), [interest, day]);
  // A volume read for another day (just after midnight) is not drawn on this one's axis.
  const shown = volume !== null && volume.from === day.from ? volume : null;
  const mentions = useMemo(() => shown?.mentions ?? [], [shown]);
  const calls = useMemo(() => shown?.calls ?? [], [shown]);
  const format = useCallback((value: number) => formatNumber(value, language), [language]);
  const summary = shown === null ? null : summarizeVolume(shown, completeIntervals(day, now));
  const rows: VolumeRow[] = useMemo(
    () =>
      starts.map((at, index) => {
        const value = interestBins?.[index];
        return {
          at,
          label: labels[index] ?? '',
          mentions: formatNumber(mentions[index] ?? 0, language),
          calls: formatNumber(calls[index] ?? 0, language),
          interest: value === null || value === undefined ? '' : formatValue(value, language),
        };
      }),
    [starts, labels, mentions, calls, interestBins, language],
  );

  return (
    <Region title={t('supervisor.volume.title')} className="supervisor-volume">
      {problem === null ? null : (
        <p role="alert" className="supervisor-problem">
          {t(problem)}
        </p>
      )}
      {summary === null ? null : <VolumeCorrelation summary={summary} />}
      {shown === null ? null : (
        <>
          <VolumeChart labels={labels} mentions={mentions} calls={calls} interest={interestBins} interestName={interest?.name ?? null} formatNumber={format} />
          <VolumeTable caption={t('supervisor.volume.caption', { date: formatDay(day.from, language) })} rows={rows} withInterest={interest !== null} />
        </>
      )}
      <InterestImport interest={interest} refusal={refusal} onFile={importInterest} onClear={clearInterest} />
    </Region>
  );
}
