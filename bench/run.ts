// `npm run bench`: builds nothing; run `npm run build` first. Figures go to stdout and bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { measureFirstLoadJs } from './js-size';
import { startServer } from './server';

const server = await startServer(4300);
try {
	const pages = ['/sign-in', '/join', '/'];
	const weights = await measureFirstLoadJs(server.origin, pages);
	console.log('First-load JavaScript (gzipped, level 9):');
	for (const w of weights) console.log(`  ${w.path.padEnd(12)} ${(w.gzipBytes / 1024).toFixed(1)} kB gzip  (${(w.rawBytes / 1024).toFixed(1)} kB raw, ${w.files} files)`);
	mkdirSync('bench/results', { recursive: true });
	writeFileSync('bench/results/latest.json', JSON.stringify({ at: new Date().toISOString(), firstLoadJs: weights }, null, 2));
} finally {
	await server.stop();
}
