// A mystery-shopping programme on one of the organisation's contracts: why the council wants to
// know, how shoppers make contact, whether the provider is told a window, the dates, and the hours
// each approved visit credits. A new programme starts with the default checklist.
import { and, eq, gt, lt, max, min, or } from 'drizzle-orm';
import * as v from 'valibot';
import { londonToday } from '../../dates';
import { DEFAULT_CHECKLIST } from '../../monitoring/labels';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { InputError, isRealDate, realDate, validate, words } from '../forms';
import { lockContract } from '../monitoring/contracts';
import { shortDate } from '../../project-labels';
import { lockProgramme, type Actor } from './programme-fields';
import { CONTACT_KINDS, checklistItems, shoppingProgrammes, shoppingReports, shoppingVisits } from './schema';

const optionalDate = (label: string) =>
	v.pipe(
		v.string(),
		v.trim(),
		v.check((s) => s === '' || (isRealDate(s) && s >= '2000-01-01' && s <= '2099-12-31'), `Enter ${label} as a real date, for example 2026-09-14.`)
	);

export const programmeSchema = v.object({
	title: words('a title', 200),
	purpose: words('what the council wants to find out', 2000),
	contactKind: v.picklist(CONTACT_KINDS, 'Choose how the shoppers make contact.'),
	announced: v.picklist(['yes', 'no'], 'Choose whether the provider is told when shoppers may come.'),
	announcedFrom: optionalDate('the first day of the window the provider was told'),
	announcedTo: optionalDate('the last day of the window the provider was told'),
	startsOn: realDate('the start date'),
	endsOn: realDate('the end date'),
	hoursPerVisit: v.pipe(
		v.string(),
		v.trim(),
		v.regex(/^\d{1,2}(\.\d{1,2})?$/, 'Enter the hours as a number, for example 2 or 1.5.'),
		v.transform(Number),
		v.maxValue(24, 'A visit can credit at most 24 hours.')
	)
});
export type ProgrammeInput = v.InferInput<typeof programmeSchema>;
export const PROGRAMME_FIELDS = ['title', 'purpose', 'contactKind', 'announced', 'announcedFrom', 'announcedTo', 'startsOn', 'endsOn', 'hoursPerVisit'] as const;

/** The form's values for a new programme on this contract. */
export function programmeDefaults(contract: { startsOn: string; endsOn: string }, today = new Date()): Record<string, string> {
	const day = londonToday(today);
	const start = day > contract.startsOn && day < contract.endsOn ? day : contract.startsOn;
	return { title: '', purpose: '', contactKind: 'visit', announced: 'no', announcedFrom: '', announcedTo: '', startsOn: start, endsOn: contract.endsOn, hoursPerVisit: '2' };
}

type Contract = { startsOn: string; endsOn: string };

/** The cross-field rules: dates in order, within the contract, and an announced window inside the programme. */
function checked(input: ProgrammeInput, contract: Contract) {
	const data = validate(programmeSchema, input);
	if (data.endsOn < data.startsOn) throw new InputError('The end date has to be on or after the start date.', 'endsOn');
	if (data.startsOn < contract.startsOn || data.endsOn > contract.endsOn)
		throw new InputError(`The programme has to run within the contract’s dates (${shortDate(contract.startsOn)} to ${shortDate(contract.endsOn)}).`, 'startsOn');
	const announced = data.announced === 'yes';
	if (announced) {
		if (!data.announcedFrom) throw new InputError('For an announced programme, enter the first day of the window the provider was told.', 'announcedFrom');
		if (!data.announcedTo) throw new InputError('For an announced programme, enter the last day of the window the provider was told.', 'announcedTo');
		if (data.announcedTo < data.announcedFrom) throw new InputError('The window’s last day has to be on or after its first day.', 'announcedTo');
		if (data.announcedFrom < data.startsOn || data.announcedTo > data.endsOn) throw new InputError('The window the provider was told has to be within the programme’s dates.', 'announcedFrom');
	}
	return {
		title: data.title,
		purpose: data.purpose,
		contactKind: data.contactKind,
		announced,
		announcedFrom: announced ? data.announcedFrom : null,
		announcedTo: announced ? data.announcedTo : null,
		startsOn: data.startsOn,
		endsOn: data.endsOn,
		hoursPerVisit: data.hoursPerVisit
	};
}

export async function createProgramme(db: Db, actor: Actor, contractId: string, input: ProgrammeInput, now = new Date()): Promise<string> {
	return db.transaction(async (tx) => {
		// Locked, so the contract's dates can't change under this check (updateContract checks programmes).
		const contract = await lockContract(tx, actor.organisationId, contractId);
		const values = checked(input, contract);
		const id = newId();
		await tx.insert(shoppingProgrammes).values({ id, organisationId: actor.organisationId, contractId, ...values, createdBy: actor.id, createdAt: now, updatedAt: now });
		await tx
			.insert(checklistItems)
			.values(DEFAULT_CHECKLIST.map((item, position) => ({ id: newId(), programmeId: id, position, theme: item.theme, question: item.question, hint: item.hint, createdAt: now, updatedAt: now })));
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'shopping_programme.created',
			targetType: 'shopping_programme',
			targetId: id,
			detail: { contractId, announced: values.announced, contactKind: values.contactKind }
		});
		return id;
	});
}

/** Saves the details; returns false when nothing changed. Existing visits and reports must still fit the dates. */
export async function updateProgramme(db: Db, actor: Actor, programmeId: string, input: ProgrammeInput, now = new Date()): Promise<boolean> {
	return db.transaction(async (tx) => {
		const current = await lockProgramme(tx, actor.organisationId, programmeId);
		const contract = await lockContract(tx, actor.organisationId, current.contractId);
		const values = checked(input, contract);
		const same = (Object.keys(values) as (keyof typeof values)[]).every((k) => String(values[k]) === String(current[k]));
		if (same) return false;
		const [span] = await tx
			.select({ from: min(shoppingVisits.windowFrom), to: max(shoppingVisits.windowTo) })
			.from(shoppingVisits)
			.where(eq(shoppingVisits.programmeId, programmeId));
		if (span.from && (span.from < values.startsOn || (span.to ?? '') > values.endsOn))
			throw new InputError(`Some visits fall outside those dates (visits run from ${shortDate(span.from)} to ${shortDate(span.to)}). Change or cancel those visits first.`, 'startsOn');
		const [outside] = await tx
			.select({ id: shoppingReports.id })
			.from(shoppingReports)
			.innerJoin(shoppingVisits, eq(shoppingVisits.id, shoppingReports.visitId))
			.where(and(eq(shoppingVisits.programmeId, programmeId), or(lt(shoppingReports.visitedOn, values.startsOn), gt(shoppingReports.visitedOn, values.endsOn))))
			.limit(1);
		if (outside) throw new InputError('A report already sent is from a day outside those dates.', 'startsOn');
		await tx.update(shoppingProgrammes).set({ ...values, updatedAt: now }).where(eq(shoppingProgrammes.id, programmeId));
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'shopping_programme.updated',
			targetType: 'shopping_programme',
			targetId: programmeId,
			detail: { announced: values.announced, contactKind: values.contactKind }
		});
		return true;
	});
}
