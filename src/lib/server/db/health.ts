import { sql } from 'drizzle-orm';
import { getDb } from '.';

/** True when a trivial query answers within two seconds. */
export async function databaseReachable(timeoutMs = 2000): Promise<boolean> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	try {
		const db = await getDb();
		const timeout = new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
		});
		await Promise.race([db.execute(sql`select 1`), timeout]);
		return true;
	} catch {
		return false;
	} finally {
		clearTimeout(timer);
	}
}
