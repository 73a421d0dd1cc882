import { and, desc, eq, isNull } from 'drizzle-orm';
import * as v from 'valibot';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { InputError, realDate, text } from '../forms';
import { CONSENT_METHODS, consents, userRoles, users } from './schema';

type Actor = { id: string; organisationId: string };

export const consentSchema = v.object({
	givenBy: text('the name of the person who gave consent', 80),
	relationship: text('their relationship to the young person', 40),
	givenOn: realDate('the date consent was given'),
	method: v.picklist(CONSENT_METHODS, 'Choose how consent was given.')
});
export type ConsentInput = v.InferOutput<typeof consentSchema>;

async function youngPersonInOrganisation(db: Db, organisationId: string, userId: string) {
	const [row] = await db
		.select({ id: users.id })
		.from(users)
		.innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, 'young_person')))
		.where(and(eq(users.id, userId), eq(users.organisationId, organisationId)));
	if (!row) throw new InputError('Consent is recorded for young people in your organisation only.');
}

export async function recordConsent(db: Db, actor: Actor, userId: string, input: ConsentInput, now = new Date()) {
	await youngPersonInOrganisation(db, actor.organisationId, userId);
	const today = now.toISOString().slice(0, 10);
	if (input.givenOn > today) throw new InputError('The date consent was given can’t be in the future.', 'givenOn');
	const id = newId();
	await db.transaction(async (tx) => {
		await tx.insert(consents).values({ id, userId, ...input, recordedBy: actor.id, recordedAt: now });
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'consent.recorded',
			targetType: 'user',
			targetId: userId,
			detail: { consentId: id, method: input.method }
		});
	});
	return id;
}

export async function withdrawConsent(db: Db, actor: Actor, userId: string, consentId: string, now = new Date()) {
	await youngPersonInOrganisation(db, actor.organisationId, userId);
	await db.transaction(async (tx) => {
		const done = await tx
			.update(consents)
			.set({ withdrawnAt: now, withdrawnBy: actor.id })
			.where(and(eq(consents.id, consentId), eq(consents.userId, userId), isNull(consents.withdrawnAt)))
			.returning({ id: consents.id });
		if (done.length !== 1) throw new InputError('That consent record was not found or was already withdrawn.');
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'consent.withdrawn',
			targetType: 'user',
			targetId: userId,
			detail: { consentId }
		});
	});
}

export function listConsents(db: Db, userId: string) {
	return db.select().from(consents).where(eq(consents.userId, userId)).orderBy(desc(consents.recordedAt));
}

export async function hasActiveConsent(db: Db, userId: string): Promise<boolean> {
	const [row] = await db
		.select({ id: consents.id })
		.from(consents)
		.where(and(eq(consents.userId, userId), isNull(consents.withdrawnAt)))
		.limit(1);
	return !!row;
}
