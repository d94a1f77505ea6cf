import { CategoryScale, Chart, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';

/*
 * Chart.js registered tree-shaken: only the line controller, its elements,
 * the two scale types and the tooltip the region "Volume" uses go into the
 * bundle (the `chart.js/auto` entry would pull every chart type in).
 * The legend is the region's own HTML, so it is translated and readable.
 */
Chart.register(LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip);

export { Chart };
