// `npm run seed`: migrate and fill an empty database with demo data.
// Uses DATABASE_URL when set (Postgres), otherwise the embedded database in DATA_DIR.
import { config } from '../src/lib/server/config';
import { openDatabase } from '../src/lib/server/db/client';
import { migrateDatabase } from '../src/lib/server/db/migrate';
import { seedDemo } from '../src/lib/server/demo/seed';

const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
try {
	await migrateDatabase(database, config.migrationsDir, config.databaseUrl);
	const seeded = await seedDemo(database.db);
	console.log(seeded ? `Demo data added (${database.driver}).` : 'The database already has data; nothing was changed.');
} finally {
	await database.close();
}
