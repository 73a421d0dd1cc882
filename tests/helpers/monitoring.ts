// Fixtures for contract monitoring and mystery-shopping tests: rows inserted straight from the
// schema (the domain functions have their own tests), so each test file starts from the same place.
import type { Db } from '../../src/lib/server/db/client';
import { newId } from '../../src/lib/server/db/ids';
import { DEFAULT_CHECKLIST } from '../../src/lib/monitoring/labels';
import { contracts } from '../../src/lib/server/monitoring/schema';
import { checklistItems, shoppingProgrammes, shoppingScenarios, shoppingVisits, visitShoppers } from '../../src/lib/server/mystery-shopping/schema';

type Actor = { id: string; organisationId: string };

export async function quickContract(db: Db, actor: Actor, projectId: string, overrides: Partial<typeof contracts.$inferInsert> = {}): Promise<string> {
	const id = newId();
	await db.insert(contracts).values({
		id,
		organisationId: actor.organisationId,
		projectId,
		title: 'Youth counselling service',
		provider: 'Riverside Minds CIC',
		startsOn: '2025-04-01',
		endsOn: '2028-03-31',
		valuePence: 90_000_000,
		newService: true,
		firstReviewOn: '2025-10-01',
		reviewEveryMonths: 12,
		createdBy: actor.id,
		...overrides
	});
	return id;
}

/** A programme with one scenario and the default checklist; returns ids. */
export async function quickProgramme(db: Db, actor: Actor, contractId: string, overrides: Partial<typeof shoppingProgrammes.$inferInsert> = {}) {
	const id = newId();
	await db.insert(shoppingProgrammes).values({
		id,
		organisationId: actor.organisationId,
		contractId,
		title: 'Young inspectors 2026',
		purpose: 'Find out how welcoming the drop-in is for young people.',
		contactKind: 'visit',
		announced: false,
		startsOn: '2026-01-01',
		endsOn: '2026-12-31',
		createdBy: actor.id,
		...overrides
	});
	const scenarioId = newId();
	await db.insert(shoppingScenarios).values({ id: scenarioId, programmeId: id, position: 0, title: 'Asking about the drop-in', script: 'Ask at reception how the drop-in works and who it is for.' });
	const itemIds = DEFAULT_CHECKLIST.map(() => newId());
	await db.insert(checklistItems).values(DEFAULT_CHECKLIST.map((item, position) => ({ id: itemIds[position], programmeId: id, position, ...item })));
	return { programmeId: id, scenarioId, itemIds };
}

/** A planned visit with these shoppers assigned (no consent checks: domain tests cover those). */
export async function quickVisit(db: Db, actor: Actor, programmeId: string, shopperIds: string[], overrides: Partial<typeof shoppingVisits.$inferInsert> = {}): Promise<string> {
	const id = newId();
	await db.insert(shoppingVisits).values({ id, programmeId, windowFrom: '2026-03-01', windowTo: '2026-03-31', supervisor: 'Sam (youth worker)', createdBy: actor.id, ...overrides });
	if (shopperIds.length) await db.insert(visitShoppers).values(shopperIds.map((userId) => ({ visitId: id, userId, assignedBy: actor.id })));
	return id;
}
