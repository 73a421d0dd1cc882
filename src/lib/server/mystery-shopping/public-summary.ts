// A programme's optional public summary: champions draft it (starting from words suggested by the
// approved findings), officers publish it on the public project page and take it down again.
// A text with any shopper's name or username in it is never published, nor an empty one.
import { and, eq, inArray } from 'drizzle-orm';
import * as v from 'valibot';
import { outOfFive } from '$lib/monitoring/findings-format';
import { recordAudit } from '../audit/audit';
import { userRoles } from '../auth/schema';
import type { Db } from '../db/client';
import { InputError, NUL_MESSAGE, validate } from '../forms';
import { programmeInOrganisation } from './lookup';
import { findingsFor, type Findings } from './findings';
import { findName, shopperNameWords } from './redact';
import { shoppingProgrammes, shoppingReports, shoppingVisits, type ContactKind } from './schema';

type Actor = { id: string; organisationId: string };

export const SUMMARY_MAX = 2000;

export const summarySchema = v.object({
	summary: v.pipe(
		v.string(),
		v.check((s) => !s.includes('\u0000'), NUL_MESSAGE),
		v.trim(),
		v.maxLength(SUMMARY_MAX, `The summary can be at most ${SUMMARY_MAX.toLocaleString('en-GB')} characters.`)
	)
});

const DID: Record<ContactKind, string> = {
	visit: 'visited the service',
	phone: 'phoned the service',
	website: 'tried the service’s website',
	email: 'emailed the service',
	social_media: 'messaged the service on social media'
};

/** How each theme reads in "They liked … most" and "They said … could be better". */
const THEME_PHRASES: Partial<Record<string, string>> = {
	first_contact: 'getting in touch',
	welcome: 'the welcome they got',
	accessibility: 'how easy it was for everyone to use',
	information: 'the information they were given',
	environment: 'how safe and comfortable the place felt'
};

/** Who went, in plain words, from the roles of the people with an approved report. */
export function whoWent(roles: ReadonlySet<string>): string {
	const young = roles.has('young_person');
	const parents = roles.has('parent_carer');
	if (young && parents) return 'Young inspectors and parents';
	if (young) return 'Young inspectors';
	if (parents) return 'Parents and carers';
	return 'Mystery shoppers';
}

/**
 * "Young inspectors visited the service 6 times between March and October 2026 and rated it
 * 4.1 out of 5 overall. They liked the welcome they got most (4.5 out of 5). They said getting in
 * touch could be better (3.2 out of 5)." Scores hidden as small are left out, never guessed.
 */
export function suggestedSummary(findings: Findings, contactKind: ContactKind, who: string): string {
	if (findings.visits === 0 || !findings.when) return '';
	const times = findings.visits === 1 ? 'once' : `${findings.visits} times`;
	const overall = outOfFive(findings.overall.mean);
	const sentences = [`${who} ${DID[contactKind]} ${times} ${findings.when}${overall ? ` and rated it ${overall} overall` : ''}.`];
	const scored = findings.themes
		.filter((t) => THEME_PHRASES[t.theme] && t.all.mean !== null)
		.sort((a, b) => b.all.mean! - a.all.mean! || a.label.localeCompare(b.label));
	const best = scored[0];
	const worst = scored.at(-1);
	if (best && worst && best !== worst && best.all.mean! > worst.all.mean!) {
		if (best.all.mean! >= 3.5) sentences.push(`They liked ${THEME_PHRASES[best.theme]} most (${outOfFive(best.all.mean)}).`);
		sentences.push(`They said ${THEME_PHRASES[worst.theme]} could be better (${outOfFive(worst.all.mean)}).`);
	} else if (!overall) {
		sentences.push('They told the service what went well and what could be better.');
	}
	return sentences.join(' ');
}

async function rolesOfShoppers(db: Db, programmeId: string): Promise<Set<string>> {
	const shoppers = db
		.select({ id: shoppingReports.shopperId })
		.from(shoppingReports)
		.innerJoin(shoppingVisits, eq(shoppingVisits.id, shoppingReports.visitId))
		.where(and(eq(shoppingVisits.programmeId, programmeId), eq(shoppingReports.status, 'approved')));
	const rows = await db.selectDistinct({ role: userRoles.role }).from(userRoles).where(inArray(userRoles.userId, shoppers));
	return new Set(rows.map((r) => r.role));
}

/** Everything the summary page shows: the saved words, whether they are public, and the suggestion. */
export async function summaryPage(db: Db, organisationId: string, programmeId: string) {
	const { programme, contractTitle, projectId } = await programmeInOrganisation(db, organisationId, programmeId);
	const [findings, roles] = await Promise.all([findingsFor(db, { organisationId, contractId: programme.contractId, programmeId }), rolesOfShoppers(db, programmeId)]);
	return {
		programme: {
			id: programme.id,
			title: programme.title,
			contractId: programme.contractId,
			contractTitle,
			projectId,
			summary: programme.publicSummary,
			publishedAt: programme.publicSummaryPublishedAt?.toISOString() ?? null
		},
		visits: findings.visits,
		reports: findings.reports,
		threshold: findings.threshold,
		suggestion: suggestedSummary(findings, programme.contactKind, whoWent(roles))
	};
}

/** The programme, locked for this transaction so a save and a publish can't cross. */
async function lockedProgramme(tx: Db, organisationId: string, programmeId: string) {
	const { programme } = await programmeInOrganisation(tx, organisationId, programmeId);
	const [locked] = await tx
		.select({ contractId: shoppingProgrammes.contractId, publishedAt: shoppingProgrammes.publicSummaryPublishedAt })
		.from(shoppingProgrammes)
		.where(eq(shoppingProgrammes.id, programme.id))
		.for('update');
	return locked;
}

/** Refuses an empty summary or one naming a shopper; returns the trimmed text. */
async function publishable(db: Db, contractId: string, text: string): Promise<string> {
	if (!text) throw new InputError('Please write the summary before publishing it.', 'summary');
	const name = findName(text, await shopperNameWords(db, { contractId }));
	if (name)
		throw new InputError(`The summary has a shopper’s name in it (“${name}”). Please take it out: shoppers’ names are never published.`, 'summary');
	return text;
}

/** Saves the draft. A published summary can't be changed from under the public page: publish the new words instead. */
export async function saveSummary(db: Db, actor: Actor, programmeId: string, input: { summary: string }): Promise<void> {
	const { summary } = validate(summarySchema, input);
	await db.transaction(async (tx) => {
		const programme = await lockedProgramme(tx, actor.organisationId, programmeId);
		if (programme.publishedAt)
			throw new InputError('This summary is on the public page now. An officer can publish new words, or take it off the public page first so you can change it.', 'summary');
		await tx.update(shoppingProgrammes).set({ publicSummary: summary, updatedAt: new Date() }).where(eq(shoppingProgrammes.id, programmeId));
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'shopping.summary_saved', targetType: 'shopping_programme', targetId: programmeId });
	});
}

/** Saves and publishes these words (officers: monitoring:publish). */
export async function publishSummary(db: Db, actor: Actor, programmeId: string, input: { summary: string }, now = new Date()): Promise<void> {
	const { summary } = validate(summarySchema, input);
	await db.transaction(async (tx) => {
		const programme = await lockedProgramme(tx, actor.organisationId, programmeId);
		const text = await publishable(tx, programme.contractId, summary);
		await tx.update(shoppingProgrammes).set({ publicSummary: text, publicSummaryPublishedAt: now, updatedAt: now }).where(eq(shoppingProgrammes.id, programmeId));
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'shopping.summary_published',
			targetType: 'shopping_programme',
			targetId: programmeId,
			detail: { republished: programme.publishedAt !== null }
		});
	});
}

/** Takes the summary off the public page; the words stay as a draft. */
export async function unpublishSummary(db: Db, actor: Actor, programmeId: string): Promise<void> {
	await db.transaction(async (tx) => {
		const programme = await lockedProgramme(tx, actor.organisationId, programmeId);
		if (!programme.publishedAt) throw new InputError('This summary isn’t on the public page.');
		await tx.update(shoppingProgrammes).set({ publicSummaryPublishedAt: null, updatedAt: new Date() }).where(eq(shoppingProgrammes.id, programmeId));
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'shopping.summary_unpublished', targetType: 'shopping_programme', targetId: programmeId });
	});
}
