import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningServer {
	origin: string;
	process: ChildProcess;
	stop(): Promise<void>;
}

/** Starts the built app (`node build`, or BENCH_BUILD_DIR) on a loopback port with demo data, and waits for /healthz. */
export async function startServer(port: number, env: Record<string, string> = {}): Promise<RunningServer> {
	const origin = `http://127.0.0.1:${port}`;
	const child = spawn(process.execPath, [process.env.BENCH_BUILD_DIR || 'build'], {
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: origin,
			SEED_DEMO: 'true',
			DATA_DIR: env.DATABASE_URL ? '' : mkdtempSync(join(tmpdir(), 'coproduce-bench-')),
			...env
		},
		stdio: ['ignore', 'ignore', 'inherit']
	});
	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline) {
		try {
			const res = await fetch(`${origin}/healthz`);
			if (res.ok) break;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	return {
		origin,
		process: child,
		stop: () =>
			new Promise((resolve) => {
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			})
	};
}
