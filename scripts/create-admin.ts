// `npm run admin:create -- <username> "<Display name>" "<Organisation name>"`: the first admin of a real
// deployment (there are no default credentials outside demo data). Prints a one-time code: open
// /join/<code> to choose the password. Creates the organisation if the database has none.
import { eq } from 'drizzle-orm';
import { config } from '../src/lib/server/config';
import { openDatabase } from '../src/lib/server/db/client';
import { newId } from '../src/lib/server/db/ids';
import { migrateDatabase } from '../src/lib/server/db/migrate';
import { createStaffAccount } from '../src/lib/server/auth/accounts';
import { createResetCode } from '../src/lib/server/auth/invitations';
import { AFC_APPROVAL_BANDS } from '../src/lib/server/demo/seed';
import { approvalBands, organisations } from '../src/lib/server/organisations/schema';

const [username, displayName, organisationName] = process.argv.slice(2);
if (!username || !displayName) {
	console.error('Usage: npm run admin:create -- <username> "<Display name>" ["<Organisation name>"]');
	process.exit(2);
}
const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
try {
	await migrateDatabase(database, config.migrationsDir, config.databaseUrl);
	const db = database.db;
	let [organisation] = await db.select().from(organisations).limit(1);
	if (!organisation) {
		const id = newId();
		await db.insert(organisations).values({ id, name: organisationName ?? 'My organisation' });
		await db.insert(approvalBands).values(AFC_APPROVAL_BANDS.map((b) => ({ id: newId(), organisationId: id, ...b })));
		[organisation] = await db.select().from(organisations).where(eq(organisations.id, id));
	}
	const system = { id: 'system', organisationId: organisation.id };
	const userId = await createStaffAccount(db, system, { username: username.toLowerCase(), displayName, roles: ['admin'] });
	const { code } = await createResetCode(db, { id: userId, organisationId: organisation.id }, userId);
	console.log(`Admin "${username}" created. Open /join/${code} within 3 days to choose a password.`);
} finally {
	await database.close();
}
