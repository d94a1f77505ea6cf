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

  // The axes' numbers are formatted through a ref, so a new formatter (another language) needs no new options.
  const format = useRef(formatNumber);

  useEffect(() => {
    const element = canvas.current;
    // No 2D context (a DOM without canvas, as in component tests): the table carries the figures alone.
    if (element === null || element.getContext('2d') === null) return;
    const ticks = (value: string | number) => (typeof value === 'number' ? format.current(value) : value);
    // Built once; every later redraw changes these objects in place (see below).
    chart.current = new Chart<'line', (number | null)[], string>(element, {
      type: 'line',
      data: { labels: [], datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        // One point per interval, in order, no duplicates: Chart.js may skip its own sorting and checks.
        normalized: true,
        interaction: { mode: 'index', intersect: false },
        plugins: { legend: { display: false } },
        scales: {
          x: { ticks: { maxRotation: 0, autoSkipPadding: 12 }, grid: {} },
          y: { beginAtZero: true, position: 'left', title: { display: true }, ticks: { precision: 0, callback: ticks }, grid: {} },
          y1: { beginAtZero: true, position: 'right', title: { display: true }, ticks: { callback: ticks }, grid: { drawOnChartArea: false } },
        },
      },
    });
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
  }, []);

  /*
   * A redraw (new figures every minute, a theme or language change) updates the chart's own
   * datasets and scale options in place and calls update('none'): no new chart, no new
   * dataset objects for Chart.js to re-link, no animation. Decimation does not apply: the
   * x axis is 92–100 categories, fewer points than the canvas has pixels.
   */
  useEffect(() => {
    const current = chart.current;
    const element = canvas.current;
    if (current === null || element === null) return;
    format.current = formatNumber;
    const palette = readPalette(element, { mentions: mentionsSwatch.current, calls: callsSwatch.current, interest: interestSwatch.current });
    current.data.labels = [...labels];
    const series: Array<{ label: string; data: (number | null)[]; color: string; axis: 'y' | 'y1'; dashed: boolean }> = [
      { label: t('supervisor.volume.mentions'), data: [...mentions], color: palette.mentions, axis: 'y', dashed: false },
      { label: t('supervisor.volume.calls'), data: [...calls], color: palette.calls, axis: 'y', dashed: false },
      ...(interest === null
        ? []
        : [{ label: t('supervisor.volume.interest'), data: [...interest], color: palette.interest, axis: 'y1' as const, dashed: true }]),
    ];
    const datasets = current.data.datasets;
    datasets.length = Math.min(datasets.length, series.length);
    series.forEach((line, index) => {
      const dataset: ChartDataset<'line', (number | null)[]> = datasets[index] ?? { data: [] };
      dataset.label = line.label;
      dataset.data = line.data;
      dataset.yAxisID = line.axis;
      dataset.borderColor = line.color;
      dataset.backgroundColor = line.color;
      dataset.borderWidth = 2;
      dataset.pointRadius = 0;
      dataset.pointHoverRadius = 4;
      dataset.spanGaps = true;
      dataset.borderDash = line.dashed ? [6, 4] : [];
      datasets[index] = dataset;
    });
    // The chart's own options object (Chart.js merged ours with its defaults into it), changed in place.
    const scales = (current.config.options?.scales ?? {}) as Partial<Record<'x' | 'y' | 'y1', ScaleLook>>;
    paintScale(scales.x, palette, null, true);
    paintScale(scales.y, palette, t('supervisor.volume.axisCount'), true);
    paintScale(scales.y1, palette, t('supervisor.volume.interest'), interest !== null);
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

/** The parts of a scale's options a redraw changes. */
interface ScaleLook {
  display?: boolean | 'auto';
  ticks?: { color?: unknown };
  grid?: { color?: unknown };
  title?: { text?: string | string[]; color?: unknown };
}

/** Sets a scale's colours, title and whether it shows, on the chart's own options object. */
function paintScale(scale: ScaleLook | undefined, palette: Palette, title: string | null, display: boolean): void {
  if (scale === undefined) return;
  scale.display = display;
  scale.ticks = Object.assign(scale.ticks ?? {}, { color: palette.text });
  scale.grid = Object.assign(scale.grid ?? {}, { color: palette.grid });
  if (title !== null) scale.title = Object.assign(scale.title ?? {}, { text: title, color: palette.text });
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
