// chart.js for mystery-shopping findings, loaded by FindingsChart.svelte with a dynamic import (only
// the findings page downloads it). The value axis is the 1-to-5 rating scale; a hidden (small)
// score is a gap, never a zero.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartConfiguration } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend);

export interface FindingsChartSpec {
	type: 'bar' | 'line';
	labels: string[];
	/** null: too few reports to show. */
	datasets: { label: string; data: (number | null)[] }[];
}

function palette(node: HTMLElement): string[] {
	const style = getComputedStyle(node);
	const token = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
	return [token('--brand', '#1d4f91'), token('--focus', '#b35c00'), '#2e7d32', '#6a1b9a', '#00838f', '#5d4037', '#37474f', '#ad1457'];
}

export function drawFindingsChart(canvas: HTMLCanvasElement, spec: FindingsChartSpec): Chart {
	const colours = palette(canvas);
	const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
	const horizontal = spec.type === 'bar';
	const scale = { min: 0, max: 5, ticks: { stepSize: 1 } };
	const config: ChartConfiguration<'bar' | 'line', (number | null)[]> = {
		type: spec.type,
		data: {
			labels: spec.labels,
			datasets: spec.datasets.map((d, i) => ({
				label: d.label,
				data: d.data,
				backgroundColor: colours[i % colours.length],
				borderColor: colours[i % colours.length],
				spanGaps: false
			}))
		},
		options: {
			indexAxis: horizontal ? 'y' : 'x',
			responsive: true,
			maintainAspectRatio: false,
			animation: reduceMotion ? false : undefined,
			plugins: { legend: { display: spec.datasets.length > 1, position: 'bottom' }, tooltip: { enabled: true } },
			scales: horizontal ? { x: scale } : { y: scale }
		}
	};
	return new Chart(canvas, config);
}
