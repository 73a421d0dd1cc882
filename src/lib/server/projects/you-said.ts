// "You said, we did": what young people and parents said, and what was decided or changed because
// of it. Officers add and edit entries; each entry is public only once published, and only while
// its project is published too.
import { and, asc, desc, eq } from 'drizzle-orm';
import * as v from 'valibot';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { notifyYouSaidPublished } from '../notifications/events';
import { InputError, text, validate } from '../forms';
import { CYCLE } from './cycle';
import type { EvidenceSource } from './evidence';
import { getProject } from './projects';
import { optionalDate } from './steps';
import { ACTIVITY_KINDS, YOU_SAID_STATUSES, youSaidWeDid, type YouSaidStatus } from './schema';

type Actor = { id: string; organisationId: string };

export const YOU_SAID_STATUS_LABELS: Record<YouSaidStatus, string> = {
	considering: 'We are still thinking about it',
	changed: 'We changed something',
	not_changed: 'We did not change this'
};

export const youSaidSchema = v.object({
	activity: v.picklist(ACTIVITY_KINDS, 'Choose the activity it came from.'),
	source: text('where it came from', 200),
	youSaid: text('what young people or parents said', 2000),
	weDid: text('what was decided or changed', 2000),
	status: v.picklist(YOU_SAID_STATUSES, 'Choose what happened.'),
	decidedOn: optionalDate('the date it was decided'),
	step: v.pipe(
		v.string(),
		v.trim(),
		v.check((s) => s === '' || /^[1-8]$/.test(s), 'Choose a step of the cycle, or none.'),
		v.transform((s) => (s === '' ? null : Number(s)))
	)
});
export type YouSaidInput = v.InferOutput<typeof youSaidSchema>;
export type YouSaidInputRaw = v.InferInput<typeof youSaidSchema>;
export const YOU_SAID_FIELDS = ['activity', 'source', 'youSaid', 'weDid', 'status', 'decidedOn', 'step'] as const;

/** An entry's columns, for staff pages and (filtered to published) the public portal. */
export const YOU_SAID_COLUMNS = {
	id: youSaidWeDid.id,
	step: youSaidWeDid.step,
	activity: youSaidWeDid.activity,
	source: youSaidWeDid.source,
	youSaid: youSaidWeDid.youSaid,
	weDid: youSaidWeDid.weDid,
	status: youSaidWeDid.status,
	decidedOn: youSaidWeDid.decidedOn,
	publishedAt: youSaidWeDid.publishedAt,
	updatedAt: youSaidWeDid.updatedAt
};

/** The choices the add and edit forms offer, with their plain words. */
export function youSaidChoices() {
	return {
		activities: ACTIVITY_KINDS,
		statuses: YOU_SAID_STATUSES.map((value) => ({ value, label: YOU_SAID_STATUS_LABELS[value] })),
		steps: CYCLE.map((c) => ({ step: c.step, name: c.name }))
	};
}

/** The staff list page: the project's public state and its entries. */
export async function youSaidPage(db: Db, organisationId: string, projectId: string) {
	const project = await getProject(db, organisationId, projectId);
	const entries = await listYouSaid(db, organisationId, projectId);
	return {
		project: { id: project.id, title: project.title, slug: project.slug, published: !!project.publishedAt },
		entries: entries.map((e) => ({ ...e, statusLabel: YOU_SAID_STATUS_LABELS[e.status], stepName: e.step === null ? null : CYCLE[e.step - 1]?.name ?? null }))
	};
}

/** One entry with its project's title, for the edit page. */
export async function youSaidForEdit(db: Db, organisationId: string, projectId: string, entryId: string) {
	const project = await getProject(db, organisationId, projectId);
	const entry = await getYouSaid(db, organisationId, projectId, entryId);
	return { project: { id: project.id, title: project.title }, entry, values: toRaw(entry) };
}

/** A project's entries for staff, published or not. */
export async function listYouSaid(db: Db, organisationId: string, projectId: string) {
	await getProject(db, organisationId, projectId);
	return db.select(YOU_SAID_COLUMNS).from(youSaidWeDid).where(eq(youSaidWeDid.projectId, projectId)).orderBy(desc(youSaidWeDid.updatedAt), asc(youSaidWeDid.id));
}

/** One entry of one project of the actor's organisation; anything else is "not found". */
export async function getYouSaid(db: Db, organisationId: string, projectId: string, entryId: string) {
	await getProject(db, organisationId, projectId);
	const [row] = await db
		.select(YOU_SAID_COLUMNS)
		.from(youSaidWeDid)
		.where(and(eq(youSaidWeDid.id, entryId), eq(youSaidWeDid.projectId, projectId)));
	if (!row) throw new InputError('That entry does not exist.');
	return row;
}

export async function addYouSaid(db: Db, actor: Actor, projectId: string, input: YouSaidInput, now = new Date()) {
	const data = validate(youSaidSchema, toRaw(input));
	await getProject(db, actor.organisationId, projectId);
	const id = newId();
	await db.transaction(async (tx) => {
		await tx.insert(youSaidWeDid).values({ id, projectId, ...data, createdAt: now, updatedAt: now });
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'you_said.added', targetType: 'you_said_we_did', targetId: id, detail: { projectId } });
	});
	return id;
}

export async function updateYouSaid(db: Db, actor: Actor, projectId: string, entryId: string, input: YouSaidInput, now = new Date()) {
	const data = validate(youSaidSchema, toRaw(input));
	await getYouSaid(db, actor.organisationId, projectId, entryId);
	await db.transaction(async (tx) => {
		await tx
			.update(youSaidWeDid)
			.set({ ...data, updatedAt: now })
			.where(and(eq(youSaidWeDid.id, entryId), eq(youSaidWeDid.projectId, projectId)));
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'you_said.updated', targetType: 'you_said_we_did', targetId: entryId, detail: { projectId } });
	});
}

export async function deleteYouSaid(db: Db, actor: Actor, projectId: string, entryId: string) {
	await getYouSaid(db, actor.organisationId, projectId, entryId);
	await db.transaction(async (tx) => {
		await tx.delete(youSaidWeDid).where(and(eq(youSaidWeDid.id, entryId), eq(youSaidWeDid.projectId, projectId)));
		await recordAudit(tx, { organisationId: actor.organisationId, actorId: actor.id, action: 'you_said.deleted', targetType: 'you_said_we_did', targetId: entryId, detail: { projectId } });
	});
}

/** Publishing an entry that is already public (or withdrawing one that isn't) changes nothing. */
export async function setYouSaidPublished(db: Db, actor: Actor, projectId: string, entryId: string, publish: boolean, now = new Date()) {
	const entry = await getYouSaid(db, actor.organisationId, projectId, entryId);
	if (!!entry.publishedAt === publish) return;
	await db.transaction(async (tx) => {
		await tx
			.update(youSaidWeDid)
			.set({ publishedAt: publish ? now : null })
			.where(and(eq(youSaidWeDid.id, entryId), eq(youSaidWeDid.projectId, projectId)));
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: publish ? 'you_said.published' : 'you_said.withdrawn',
			targetType: 'you_said_we_did',
			targetId: entryId,
			detail: { projectId }
		});
		if (publish) await notifyYouSaidPublished(tx, actor.organisationId, projectId, entryId, now);
	});
}

export const publishYouSaid = (db: Db, actor: Actor, projectId: string, entryId: string, now = new Date()) => setYouSaidPublished(db, actor, projectId, entryId, true, now);
export const withdrawYouSaid = (db: Db, actor: Actor, projectId: string, entryId: string, now = new Date()) => setYouSaidPublished(db, actor, projectId, entryId, false, now);

/** The form's raw strings for an entry, to fill the edit form. */
export function toRaw(input: YouSaidInput): YouSaidInputRaw {
	const { activity, source, youSaid, weDid, status } = input;
	return { activity, source, youSaid, weDid, status, decidedOn: input.decidedOn ?? '', step: input.step === null ? '' : String(input.step) };
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** "You said, we did" in a project's evidence, by step. */
export const youSaidEvidence: EvidenceSource = {
	kind: 'you_said_we_did',
	label: 'You said, we did',
	async list(db, projectId) {
		const rows = await db.select(YOU_SAID_COLUMNS).from(youSaidWeDid).where(eq(youSaidWeDid.projectId, projectId));
		return rows.map((r) => ({
			kind: 'you_said_we_did',
			step: r.step,
			title: `You said: ${clip(r.youSaid, 80)}`,
			summary: `${YOU_SAID_STATUS_LABELS[r.status]}: ${clip(r.weDid, 140)}${r.publishedAt ? ' (published)' : ' (not published)'}`,
			date: r.decidedOn ?? r.updatedAt.toISOString().slice(0, 10),
			href: `/staff/projects/${projectId}/you-said-we-did/${r.id}`
		}));
	}
};
