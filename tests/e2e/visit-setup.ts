// Sets up a mystery-shopping programme and visits for the visit-report specs, straight in the run's
// Postgres database: a contract on a demo project with a unique service name, a short checklist,
// a visit for jay and mia, one for mia alone, and a cancelled one for jay.
import type postgres from 'postgres';

export function e2eDatabaseUrl(): string | null {
	const saved = process.env.COPRODUCE_E2E_RUN;
	return saved ? (JSON.parse(saved) as { databaseUrl: string }).databaseUrl || null : null;
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
export const newId = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => BASE32[b % 32]).join('');
export const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

export const CHECKLIST = [
	['first_contact', 'How easy was it to get in touch or find your way in?'],
	['welcome', 'How were you welcomed and treated?'],
	['environment', 'Did the place feel safe, clean and comfortable?'],
	['recommend', 'Would you tell a friend to use it?']
] as const;

export interface VisitSetup {
	service: string;
	programmeId: string;
	visitId: string;
	othersVisitId: string;
	cancelledVisitId: string;
	itemIds: string[];
}

/** A contract on a demo project, a programme with a short checklist, jay and mia's visit, and mia's own visit. */
export async function setUpVisits(sql: postgres.Sql): Promise<VisitSetup> {
	const [jay] = await sql`select id, organisation_id from users where username = 'jay'`;
	const [mia] = await sql`select id from users where username = 'mia'`;
	const [champion] = await sql`select id from users where username = 'champion'`;
	const [project] = await sql`select id from projects where organisation_id = ${jay.organisation_id} order by created_at limit 1`;
	const service = `Drop-in ${newId().slice(0, 6)}`;
	const contractId = newId();
	const programmeId = newId();
	const visitId = newId();
	const othersVisitId = newId();
	await sql`insert into contracts (id, organisation_id, project_id, title, provider, starts_on, ends_on, value_pence, new_service, first_review_on, review_every_months, created_by)
		values (${contractId}, ${jay.organisation_id}, ${project.id}, ${service}, 'Riverside Minds CIC', '2025-01-01', '2029-12-31', 50000000, true, '2025-07-01', 12, ${champion.id})`;
	await sql`insert into shopping_programmes (id, organisation_id, contract_id, title, purpose, contact_kind, starts_on, ends_on, hours_per_visit, created_by)
		values (${programmeId}, ${jay.organisation_id}, ${contractId}, ${`Inspectors ${service}`}, 'Find out how welcoming the drop-in is.', 'visit', ${isoDay(-30)}, ${isoDay(60)}, 2.5, ${champion.id})`;
	const scenarioId = newId();
	await sql`insert into shopping_scenarios (id, programme_id, position, title, script) values (${scenarioId}, ${programmeId}, 0, 'Asking about the drop-in', 'Ask at reception how the drop-in works and who it is for.')`;
	const itemIds = CHECKLIST.map(() => newId());
	for (const [i, [theme, question]] of CHECKLIST.entries())
		await sql`insert into checklist_items (id, programme_id, position, theme, question, hint) values (${itemIds[i]}, ${programmeId}, ${i}, ${theme}, ${question}, '')`;
	await sql`insert into shopping_visits (id, programme_id, scenario_id, window_from, window_to, supervisor, created_by) values (${visitId}, ${programmeId}, ${scenarioId}, ${isoDay(-7)}, ${isoDay(7)}, 'Sam (youth worker)', ${champion.id})`;
	await sql`insert into visit_shoppers (visit_id, user_id, assigned_by) values (${visitId}, ${jay.id}, ${champion.id}), (${visitId}, ${mia.id}, ${champion.id})`;
	await sql`insert into shopping_visits (id, programme_id, window_from, window_to, supervisor, created_by) values (${othersVisitId}, ${programmeId}, ${isoDay(-7)}, ${isoDay(7)}, 'Sam (youth worker)', ${champion.id})`;
	await sql`insert into visit_shoppers (visit_id, user_id, assigned_by) values (${othersVisitId}, ${mia.id}, ${champion.id})`;
	const cancelledVisitId = newId();
	await sql`insert into shopping_visits (id, programme_id, window_from, window_to, supervisor, status, created_by) values (${cancelledVisitId}, ${programmeId}, ${isoDay(-7)}, ${isoDay(7)}, 'Sam (youth worker)', 'cancelled', ${champion.id})`;
	await sql`insert into visit_shoppers (visit_id, user_id, assigned_by) values (${cancelledVisitId}, ${jay.id}, ${champion.id})`;
	return { service, programmeId, visitId, othersVisitId, cancelledVisitId, itemIds };
}

