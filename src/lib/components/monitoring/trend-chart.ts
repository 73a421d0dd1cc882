// chart.js for a measure's trend over the monitoring periods, with the baseline and target drawn as
// flat dashed lines. Loaded by TrendChart.svelte with a dynamic import, so only the performance
// page downloads it. Registered piece by piece so the bundle stays small.
import { CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartConfiguration } from 'chart.js';

Chart.register(CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend);

export interface TrendSpec {
	/** Period labels, oldest first. */
	labels: string[];
	/** The measure's value in each period (null where none was entered). */
	values: (number | null)[];
	baseline: number;
	target: number;
	unit: string;
}

export function drawTrend(canvas: HTMLCanvasElement, spec: TrendSpec): Chart {
	const style = getComputedStyle(canvas);
	const token = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
	const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
	const flat = (n: number) => spec.labels.map(() => n);
	const config: ChartConfiguration<'line'> = {
		type: 'line',
		data: {
			labels: spec.labels.map((l) => (l.length > 30 ? `${l.slice(0, 29)}…` : l)),
			datasets: [
				{ label: `Value (${spec.unit})`, data: spec.values, borderColor: token('--brand', '#1d4f91'), backgroundColor: token('--brand', '#1d4f91'), pointRadius: 5, spanGaps: true },
				{ label: 'Target', data: flat(spec.target), borderColor: '#2e7d32', backgroundColor: '#2e7d32', borderDash: [8, 4], pointRadius: 0 },
				{ label: 'Baseline', data: flat(spec.baseline), borderColor: token('--focus', '#b35c00'), backgroundColor: token('--focus', '#b35c00'), borderDash: [2, 4], pointRadius: 0 }
			]
		},
		options: {
			responsive: true,
			maintainAspectRatio: false,
			animation: reduceMotion ? false : undefined,
			plugins: { legend: { display: true, position: 'bottom' }, tooltip: { enabled: true } },
			scales: { y: { beginAtZero: false } }
		}
	};
	return new Chart(canvas, config);
}
