import { listAudit } from '$lib/server/audit/audit';
import { requirePermission } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requirePermission(event, 'audit:read');
	const raw = event.url.searchParams.get('before');
	const parsed = raw && raw.length <= 40 ? new Date(raw) : null;
	// Postgres refuses years like 0000; anything odd simply starts from the newest entry.
	const before = parsed && parsed.getUTCFullYear() >= 2000 && parsed.getUTCFullYear() <= 2100 ? parsed : undefined;
	const entries = await listAudit(await getDb(), user.organisationId, { before, limit: 100 });
	return { entries, next: entries.length === 100 ? entries[entries.length - 1].at.toISOString() : null };
};
