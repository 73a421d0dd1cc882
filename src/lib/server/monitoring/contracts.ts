// Contracts on a project (officers; routes check 'contracts:manage'): entered for an existing
// service, or made from one of the project's tenders once its award is published (before that the
// winner's name is confidential). One contract per tender. Every read and write is scoped to the
// actor's organisation; audited with ids only.
import { and, asc, eq, gt, isNotNull, lt, or } from 'drizzle-orm';
import * as v from 'valibot';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { awards, bidIdentities, tenders } from '../evaluation/schema';
import { InputError, realDate, validate, words } from '../forms';
import { getProject, poundsField } from '../projects/projects';
import { optionalDate } from '../projects/steps';
import { shortDate } from '../../project-labels';
import { shoppingProgrammes } from '../mystery-shopping/schema';
import { monthsField } from './input';
import { DEFAULT_REVIEW_EVERY_MONTHS, defaultFirstReview } from './schedule';
import { contracts, monitoringPeriods, type Contract } from './schema';

type Actor = { id: string; organisationId: string };

export const contractSchema = v.object({
	title: words('the service’s name', 200),
	provider: words('the provider’s name', 200),
	startsOn: realDate('the start date'),
	endsOn: realDate('the end date'),
	value: v.pipe(poundsField('the contract value'), v.minValue(1, 'The contract value must be more than £0.')),
	service: v.picklist(['new', 'existing'], 'Choose whether this is a new service or an existing one.'),
	/** Empty: 6 months after the start for a new service, 12 for an existing one. */
	firstReviewOn: optionalDate('the first review date'),
	reviewEveryMonths: monthsField('the time between reviews', DEFAULT_REVIEW_EVERY_MONTHS)
});
/** As a form sends it (every field a string; validated here). */
export type ContractInput = Omit<v.InferInput<typeof contractSchema>, 'service'> & { service: string };
export const CONTRACT_FIELDS = ['title', 'provider', 'startsOn', 'endsOn', 'value', 'service', 'firstReviewOn', 'reviewEveryMonths'] as const;

function checked(input: ContractInput) {
	const data = validate(contractSchema, input);
	if (data.endsOn <= data.startsOn) throw new InputError('The contract must end after it starts.', 'endsOn');
	const newService = data.service === 'new';
	const firstReviewOn = data.firstReviewOn ?? defaultFirstReview(data.startsOn, newService);
	if (firstReviewOn <= data.startsOn) throw new InputError('The first review must come after the contract starts.', 'firstReviewOn');
	if (firstReviewOn > data.endsOn) throw new InputError('The first review must come before the contract ends.', 'firstReviewOn');
	return {
		title: data.title,
		provider: data.provider,
		startsOn: data.startsOn,
		endsOn: data.endsOn,
		valuePence: data.value,
		newService,
		firstReviewOn,
		reviewEveryMonths: data.reviewEveryMonths
	};
}

/** A contract entered by hand (usually for a service that already runs). */
export async function createContract(db: Db, actor: Actor, projectId: string, input: ContractInput, now = new Date()): Promise<Contract> {
	const data = checked(input);
	await getProject(db, actor.organisationId, projectId);
	return db.transaction(async (tx) => {
		const [row] = await tx
			.insert(contracts)
			.values({ id: newId(), organisationId: actor.organisationId, projectId, ...data, createdBy: actor.id, createdAt: now, updatedAt: now })
			.returning();
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'contract.created', targetType: 'contract', targetId: row.id, detail: { projectId } });
		return row;
	});
}

/** The project's tenders whose award is published, with the winner and whether a contract exists. */
export async function publishedAwardsOf(db: Db, organisationId: string, projectId: string) {
	const rows = await db
		.select({
			tenderId: tenders.id,
			title: tenders.title,
			reference: tenders.reference,
			winner: bidIdentities.bidderName,
			valuePence: awards.valuePence,
			startsOn: awards.startsOn,
			endsOn: awards.endsOn,
			contractId: contracts.id
		})
		.from(awards)
		.innerJoin(tenders, eq(tenders.id, awards.tenderId))
		.innerJoin(bidIdentities, eq(bidIdentities.bidId, awards.winningBidId))
		.leftJoin(contracts, eq(contracts.tenderId, tenders.id))
		.where(and(eq(tenders.organisationId, organisationId), eq(tenders.projectId, projectId), isNotNull(awards.publishedAt)))
		.orderBy(tenders.reference);
	return rows;
}

export const fromAwardSchema = v.object({
	tenderId: v.pipe(v.string(), v.regex(/^[a-z2-7]{16}$/, 'Choose a tender whose award is published.')),
	service: v.picklist(['new', 'existing'], 'Choose whether this is a new service or an existing one.')
});
export const FROM_AWARD_FIELDS = ['tenderId', 'service'] as const;

/**
 * A contract from a published award: the winner is the provider; value and dates come from the
 * award; the tender's title names the service. Details can be corrected afterwards.
 */
export async function createContractFromAward(db: Db, actor: Actor, projectId: string, input: { tenderId: string; service: string }, now = new Date()): Promise<Contract> {
	const { tenderId, service } = validate(fromAwardSchema, input);
	await getProject(db, actor.organisationId, projectId);
	return db.transaction(async (tx) => {
		const [tender] = await tx
			.select({ id: tenders.id, title: tenders.title })
			.from(tenders)
			.where(and(eq(tenders.id, tenderId), eq(tenders.organisationId, actor.organisationId), eq(tenders.projectId, projectId)))
			.for('update');
		if (!tender) throw new InputError('Choose a tender of this project.', 'tenderId');
		const [award] = await tx
			.select({ winner: bidIdentities.bidderName, valuePence: awards.valuePence, startsOn: awards.startsOn, endsOn: awards.endsOn, publishedAt: awards.publishedAt })
			.from(awards)
			.innerJoin(bidIdentities, eq(bidIdentities.bidId, awards.winningBidId))
			.where(eq(awards.tenderId, tenderId));
		if (!award?.publishedAt) throw new InputError('The award for that tender isn’t published yet, so the winner is still confidential. Publish the award first.', 'tenderId');
		const [existing] = await tx.select({ id: contracts.id }).from(contracts).where(eq(contracts.tenderId, tenderId));
		if (existing) throw new InputError('That tender already has a contract.', 'tenderId');
		const newService = service === 'new';
		const firstReviewOn = defaultFirstReview(award.startsOn, newService);
		const [row] = await tx
			.insert(contracts)
			.values({
				id: newId(),
				organisationId: actor.organisationId,
				projectId,
				tenderId,
				title: tender.title.slice(0, 200),
				provider: award.winner.slice(0, 200),
				startsOn: award.startsOn,
				endsOn: award.endsOn,
				valuePence: award.valuePence,
				newService,
				firstReviewOn: firstReviewOn <= award.endsOn ? firstReviewOn : award.endsOn,
				reviewEveryMonths: DEFAULT_REVIEW_EVERY_MONTHS,
				createdBy: actor.id,
				createdAt: now,
				updatedAt: now
			})
			.returning();
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'contract.created', targetType: 'contract', targetId: row.id, detail: { projectId, tenderId } });
		return row;
	});
}

/** Locks the contract for a change (periods and measures take this lock too, so checks hold under concurrency). */
export async function lockContract(tx: Db, organisationId: string, contractId: string): Promise<Contract> {
	const [row] = await tx
		.select()
		.from(contracts)
		.where(and(eq(contracts.id, contractId), eq(contracts.organisationId, organisationId)))
		.for('update');
	if (!row) throw new InputError('That contract does not exist.');
	return row;
}

/**
 * Refuses new dates that would leave a monitoring period or a mystery-shopping programme outside
 * the contract (both are checked against the contract when made; they lock the contract too, so
 * this holds under concurrency). Names the first one outside.
 */
async function checkStillInside(tx: Db, contractId: string, startsOn: string, endsOn: string) {
	const outside = <T extends typeof monitoringPeriods | typeof shoppingProgrammes>(t: T) =>
		and(eq(t.contractId, contractId), or(lt(t.startsOn, startsOn), gt(t.endsOn, endsOn)));
	const [period] = await tx
		.select({ label: monitoringPeriods.label, startsOn: monitoringPeriods.startsOn, endsOn: monitoringPeriods.endsOn })
		.from(monitoringPeriods)
		.where(outside(monitoringPeriods))
		.orderBy(asc(monitoringPeriods.startsOn))
		.limit(1);
	const field = (p: { startsOn: string }) => (p.startsOn < startsOn ? 'startsOn' : 'endsOn');
	if (period)
		throw new InputError(
			`The monitoring period “${period.label}” (${shortDate(period.startsOn)} to ${shortDate(period.endsOn)}) would fall outside those dates. Change or remove that period first.`,
			field(period)
		);
	const [programme] = await tx
		.select({ title: shoppingProgrammes.title, startsOn: shoppingProgrammes.startsOn, endsOn: shoppingProgrammes.endsOn })
		.from(shoppingProgrammes)
		.where(outside(shoppingProgrammes))
		.orderBy(asc(shoppingProgrammes.startsOn))
		.limit(1);
	if (programme)
		throw new InputError(
			`The mystery-shopping programme “${programme.title}” (${shortDate(programme.startsOn)} to ${shortDate(programme.endsOn)}) would fall outside those dates. Change that programme’s dates first.`,
			field(programme)
		);
}

/** Corrects the details and the schedule. Returns false when nothing changed. */
export async function updateContract(db: Db, actor: Actor, contractId: string, input: ContractInput, now = new Date()): Promise<boolean> {
	const data = checked(input);
	return db.transaction(async (tx) => {
		const c = await lockContract(tx, actor.organisationId, contractId);
		const same = (Object.keys(data) as (keyof typeof data)[]).every((k) => c[k] === data[k]);
		if (same) return false;
		if (data.startsOn > c.startsOn || data.endsOn < c.endsOn) await checkStillInside(tx, contractId, data.startsOn, data.endsOn);
		await tx.update(contracts).set({ ...data, updatedAt: now }).where(eq(contracts.id, contractId));
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'contract.details_changed', targetType: 'contract', targetId: contractId });
		return true;
	});
}
