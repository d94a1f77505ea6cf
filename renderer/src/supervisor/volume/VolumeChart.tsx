import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Chart as ChartType, ChartDataset } from 'chart.js';
import { Chart } from './volumeChartSetup';
import { InertText } from '../../ui/InertText';
import { useThemeVersion } from './useThemeVersion';

export interface VolumeChartProps {
  /** One label per interval, already formatted for the supervisor's language. */
  readonly labels: readonly string[];
  readonly mentions: readonly number[];
  readonly calls: readonly number[];
  /** The imported series on the same intervals (null where it has no point), drawn on a second axis. */
  readonly interest: readonly (number | null)[] | null;
  /** Formats a count or a value on the axes and in tooltips, in the supervisor's language. */
  readonly formatNumber: (value: number) => string;
  /** The imported file's name, shown in the legend as text. */
  readonly interestName: string | null;
}

interface Swatches {
  readonly mentions: HTMLElement | null;
  readonly calls: HTMLElement | null;
  readonly interest: HTMLElement | null;
}

/** The User Timing name of one redraw of the chart with the day's data. */
export const VOLUME_REDRAW_MEASURE = 'tandem:volume-chart-redraw';

interface Palette {
  readonly mentions: string;
  readonly calls: string;
  readonly interest: string;
  readonly text: string;
  readonly grid: string;
}

/**
 * The region "Volume"'s chart: mentions and calls per quarter hour on the
 * left axis, an imported interest series on the right. A canvas, so it is an
 * image with a name; the numbers are in the table beside it (VolumeTable).
 * No animation: a wall board redraws every minute and motion says nothing.
 */
export function VolumeChart({ labels, mentions, calls, interest, formatNumber, interestName }: VolumeChartProps) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<ChartType<'line', (number | null)[], string> | null>(null);
  const themeVersion = useThemeVersion();
  // The legend's swatches: the chart takes its colours from them, so the stylesheet's themes decide (dark included).
  const mentionsSwatch = useRef<HTMLSpanElement>(null);
  const callsSwatch = useRef<HTMLSpanElement>(null);
  const interestSwatch = useRef<HTMLSpanElement>(null);

  useEffect(() => {
    const element = canvas.current;
    // No 2D context (a DOM without canvas, as in component tests): the table carries the figures alone.
    if (element === null || element.getContext('2d') === null) return;
    chart.current = new Chart<'line', (number | null)[], string>(element, {
      type: 'line',
      data: { labels: [], datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        plugins: { legend: { display: false } },
        scales: {},
      },
    });
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const current = chart.current;
    const element = canvas.current;
    if (current === null || element === null) return;
    const palette = readPalette(element, { mentions: mentionsSwatch.current, calls: callsSwatch.current, interest: interestSwatch.current });
    const line = (label: string, data: (number | null)[], color: string, axis: 'y' | 'y1'): ChartDataset<'line', (number | null)[]> => ({
      label,
      data,
      yAxisID: axis,
      borderColor: color,
      backgroundColor: color,
      borderWidth: 2,
      pointRadius: 0,
      pointHoverRadius: 4,
      spanGaps: true,
    });
    current.data.labels = [...labels];
    current.data.datasets = [
      line(t('supervisor.volume.mentions'), [...mentions], palette.mentions, 'y'),
      line(t('supervisor.volume.calls'), [...calls], palette.calls, 'y'),
      ...(interest === null ? [] : [{ ...line(t('supervisor.volume.interest'), [...interest], palette.interest, 'y1'), borderDash: [6, 4] }]),
    ];
    const ticks = { color: palette.text, callback: (value: string | number) => (typeof value === 'number' ? formatNumber(value) : value) };
    current.options.scales = {
      x: { ticks: { color: palette.text, maxRotation: 0, autoSkipPadding: 12 }, grid: { color: palette.grid } },
      y: {
        beginAtZero: true,
        position: 'left',
        title: { display: true, text: t('supervisor.volume.axisCount'), color: palette.text },
        ticks: { ...ticks, precision: 0 },
        grid: { color: palette.grid },
      },
      y1: {
        display: interest !== null,
        beginAtZero: true,
        position: 'right',
        title: { display: true, text: t('supervisor.volume.interest'), color: palette.text },
        ticks,
        grid: { drawOnChartArea: false },
      },
    };
    // Measured (a User Timing entry, nothing else) so tests/bench/supervisor.bench.ts can read the redraw's cost.
    const start = performance.now();
    current.update('none');
    performance.measure(VOLUME_REDRAW_MEASURE, { start, end: performance.now() });
  }, [labels, mentions, calls, interest, formatNumber, t, themeVersion]);

  return (
    <div className="volume-figure">
      <ul className="volume-legend" aria-label={t('supervisor.volume.legend')}>
        <li>
          <span ref={mentionsSwatch} className="volume-swatch volume-swatch-mentions" aria-hidden="true" />
          {t('supervisor.volume.mentions')}
        </li>
        <li>
          <span ref={callsSwatch} className="volume-swatch volume-swatch-calls" aria-hidden="true" />
          {t('supervisor.volume.calls')}
        </li>
        {interestName === null ? null : (
          <li>
            <span ref={interestSwatch} className="volume-swatch volume-swatch-interest" aria-hidden="true" />
            {t('supervisor.volume.interest')} <InertText className="volume-legend-file" text={interestName} />
          </li>
        )}
      </ul>
      <div className="volume-chart">
        <canvas ref={canvas} role="img" aria-label={t('supervisor.volume.chart')} />
      </div>
    </div>
  );
}

/** Colours as the stylesheet resolved them for the current theme (`light-dark()` is resolved by the browser, not by us). */
function readPalette(element: HTMLElement, swatches: Swatches): Palette {
  const view = element.ownerDocument.defaultView;
  const color = (from: HTMLElement | null, fallback: string) => (from === null || view === null ? fallback : view.getComputedStyle(from).color || fallback);
  const text = color(element, '#566270');
  return {
    mentions: color(swatches.mentions, '#1f5fd1'),
    calls: color(swatches.calls, '#1a7f37'),
    interest: color(swatches.interest, '#8a5c00'),
    text,
    grid: view === null ? '#d9dee4' : view.getComputedStyle(element).borderColor || '#d9dee4',
  };
}
