// `npm start`: build the app if the build is missing or older than the source, then run it.
// Defaults suit a newcomer's machine: http://localhost:3000 with the embedded database and demo data.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir) {
	let latest = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
	}
	return latest;
}

const built = 'build/handler.js';
const sources = ['src', 'static', 'drizzle'].filter(existsSync);
const stale =
	!existsSync(built) ||
	Math.max(...sources.map(newest), ...['svelte.config.js', 'vite.config.ts', 'package.json'].map((f) => statSync(f).mtimeMs)) >
		statSync(built).mtimeMs;

if (stale) {
	console.log('Building Coproduce (first start, or the source changed)...');
	const result = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
	if (result.status !== 0) process.exit(result.status ?? 1);
}

const port = process.env.PORT ?? '3000';
const env = { ...process.env, PORT: port, ORIGIN: process.env.ORIGIN ?? `http://localhost:${port}` };
console.log(`Coproduce is starting on ${env.ORIGIN}`);
const server = spawn(process.execPath, ['build'], { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
