// Drops and recreates the end-to-end test database so every run starts empty.
// Usage: TEST_DATABASE_URL=postgres://user@host:5432/anydb [E2E_DB_NAME=coproduce_e2e] node scripts/e2e-db.mjs
// TEST_DATABASE_URL names the server (and a database to connect to for the admin commands);
// the test database itself is E2E_DB_NAME on that server.
import postgres from 'postgres';

const serverUrl = process.env.TEST_DATABASE_URL;
const name = process.env.E2E_DB_NAME || 'coproduce_e2e';

if (!serverUrl) {
	console.error('e2e-db: TEST_DATABASE_URL is not set.');
	process.exit(1);
}
if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
	console.error(`e2e-db: "${name}" is not a safe database name (lower-case letters, digits, underscores).`);
	process.exit(1);
}
if (new URL(serverUrl).pathname.replace(/^\//, '') === name) {
	console.error(`e2e-db: TEST_DATABASE_URL must point at a database other than ${name} (it is dropped).`);
	process.exit(1);
}

const sql = postgres(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
try {
	// WITH (FORCE) ends connections left over from an earlier run (Postgres 13+).
	await sql.unsafe(`drop database if exists "${name}" with (force)`);
	await sql.unsafe(`create database "${name}"`);
} catch (err) {
	console.error(`e2e-db: could not recreate database ${name}: ${err instanceof Error ? err.message : err}`);
	process.exitCode = 1;
} finally {
	await sql.end({ timeout: 5 });
}
