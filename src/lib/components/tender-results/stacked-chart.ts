// chart.js for the tender results' stacked bars, loaded by SectionChart.svelte with a dynamic import
// (only the results page downloads it). Registered piece by piece so the bundle stays small.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartConfiguration } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

export interface StackedSpec {
	/** One bar per bid. */
	labels: string[];
	/** One stack segment per section. */
	datasets: { label: string; data: number[] }[];
	/** The value axis runs to this (100 points in total). */
	max: number;
}

function palette(node: HTMLElement): string[] {
	const style = getComputedStyle(node);
	const token = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
	return [token('--brand', '#1d4f91'), token('--focus', '#b35c00'), '#2e7d32', '#6a1b9a', '#00838f', '#5d4037'];
}

export function drawStacked(canvas: HTMLCanvasElement, spec: StackedSpec): Chart {
	const colours = palette(canvas);
	const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
	const config: ChartConfiguration<'bar'> = {
		type: 'bar',
		data: {
			labels: spec.labels,
			datasets: spec.datasets.map((d, i) => ({
				label: d.label.length > 40 ? `${d.label.slice(0, 39)}…` : d.label,
				data: d.data,
				backgroundColor: colours[i % colours.length],
				borderColor: '#ffffff',
				borderWidth: 1
			}))
		},
		options: {
			indexAxis: 'y',
			responsive: true,
			maintainAspectRatio: false,
			animation: reduceMotion ? false : undefined,
			plugins: {
				legend: { display: true, position: 'bottom' },
				tooltip: { enabled: true, callbacks: { label: (item) => `${item.dataset.label}: ${Number(item.raw).toFixed(1)}` } }
			},
			scales: { x: { stacked: true, beginAtZero: true, max: spec.max }, y: { stacked: true } }
		}
	};
	return new Chart(canvas, config);
}
