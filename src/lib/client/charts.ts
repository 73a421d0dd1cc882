// chart.js, registered with only the pieces our survey charts use (bars and a line over time),
// so the bundle stays small. Loaded by Chart.svelte with a dynamic import: staff pages render
// their tables at once and the charts follow.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartConfiguration } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend);

export interface ChartSpec {
	type: 'bar' | 'line';
	labels: string[];
	datasets: { label: string; data: number[] }[];
	/** Bars run sideways: long answer labels stay readable on a narrow screen. */
	horizontal?: boolean;
	/** The value axis is a percentage (0-100). */
	percent?: boolean;
}

/** Brand colours read from the design tokens, so charts follow app.css. */
function palette(node: HTMLElement): string[] {
	const style = getComputedStyle(node);
	const token = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
	return [token('--brand', '#1d4f91'), token('--focus', '#b35c00'), '#2e7d32', '#6a1b9a', '#00838f', '#5d4037'];
}

export function drawChart(canvas: HTMLCanvasElement, spec: ChartSpec): Chart {
	const colours = palette(canvas);
	const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
	const valueAxis = { beginAtZero: true, ticks: { precision: 0 }, ...(spec.percent ? { max: 100 } : {}) };
	const config: ChartConfiguration<'bar' | 'line'> = {
		type: spec.type,
		data: {
			labels: spec.labels.map((l) => (l.length > 40 ? `${l.slice(0, 39)}…` : l)),
			datasets: spec.datasets.map((d, i) => ({ label: d.label, data: d.data, backgroundColor: colours[i % colours.length], borderColor: colours[i % colours.length] }))
		},
		options: {
			indexAxis: spec.horizontal ? 'y' : 'x',
			responsive: true,
			maintainAspectRatio: false,
			animation: reduceMotion ? false : undefined,
			plugins: { legend: { display: spec.datasets.length > 1 }, tooltip: { enabled: true } },
			scales: spec.horizontal ? { x: valueAxis } : { y: valueAxis }
		}
	};
	return new Chart(canvas, config);
}
