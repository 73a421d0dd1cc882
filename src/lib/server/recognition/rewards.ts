// Rewards given to participants: vouchers, payments and accreditations, with a value and the day
// given. A voucher or payment needs a value; an accreditation may have one. Finance downloads them
// (rewards-export.ts). A deleted person's rewards stay with the recipient cleared.
import { and, asc, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import * as v from 'valibot';
import { REWARD_KIND_LABELS } from '../../recognition/labels';
import { recordAudit } from '../audit/audit';
import { users } from '../auth/schema';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { isRealDate, validate } from '../forms';
import { projects } from '../projects/schema';
import { checkedProject, pastDay, projectField } from './ledger';
import { MAX_REWARD_PENCE, parsePounds, plainWords } from './fields';
import { ledgerPerson } from './people';
import { REWARD_KINDS, rewards, type RewardKind } from './schema';

type Actor = { id: string; organisationId: string };

const valueField = v.pipe(
	v.string(),
	v.check((s) => !s.includes('\u0000'), 'Enter the value in pounds, for example £10.50.'),
	v.trim(),
	v.check((s) => !s.startsWith('-'), 'The value can’t be less than £0.'),
	v.check((s) => s === '' || parsePounds(s) !== null, 'Enter the value in pounds, for example £10.50 or 25.'),
	v.transform((s) => (s === '' ? null : parsePounds(s)!)),
	v.check((p) => p === null || p <= MAX_REWARD_PENCE, 'The value can be at most £1,000,000.')
);

const rewardFields = (now: () => Date) =>
	v.pipe(
		v.object({
			kind: v.picklist(REWARD_KINDS, 'Choose a voucher, a payment or an accreditation.'),
			description: plainWords('what the reward is', 200),
			value: valueField,
			givenOn: pastDay('the date it was given', now),
			projectId: projectField
		}),
		v.forward(
			v.check((r) => r.kind === 'accreditation' || r.value !== null, 'Enter the value of the voucher or payment in pounds, for example £10.50.'),
			['value']
		)
	);
export const rewardSchema = rewardFields(() => new Date());
export type RewardInput = v.InferInput<typeof rewardSchema>;

/** Records a reward given to a participant of the organisation. Returns its id. */
export async function giveReward(db: Db, actor: Actor, userId: string, input: RewardInput, now = new Date()): Promise<string> {
	const data = validate(rewardFields(() => now), input);
	return db.transaction(async (tx) => {
		const person = await ledgerPerson(tx, actor.organisationId, userId);
		const projectId = await checkedProject(tx, actor.organisationId, data.projectId);
		const id = newId();
		await tx.insert(rewards).values({
			id,
			organisationId: actor.organisationId,
			userId: person.id,
			projectId,
			kind: data.kind,
			description: data.description,
			valuePence: data.value,
			givenOn: data.givenOn,
			recordedBy: actor.id,
			createdAt: now
		});
		await recordAudit(tx, {
			organisationId: actor.organisationId,
			actorId: actor.id,
			action: 'reward.given',
			targetType: 'user',
			targetId: person.id,
			detail: { rewardId: id, kind: data.kind, valuePence: data.value, projectId }
		});
		return id;
	});
}

/** The rewards a participant was given, newest first. */
export async function rewardsFor(db: Db, organisationId: string, userId: string) {
	return db
		.select({ id: rewards.id, kind: rewards.kind, description: rewards.description, valuePence: rewards.valuePence, givenOn: rewards.givenOn, projectTitle: projects.title })
		.from(rewards)
		.leftJoin(projects, eq(projects.id, rewards.projectId))
		.where(and(eq(rewards.organisationId, organisationId), eq(rewards.userId, userId)))
		.orderBy(desc(rewards.givenOn), desc(rewards.createdAt));
}

export interface RewardFilter {
	from: string | null;
	to: string | null;
}

/** Reads ?from= and ?to= (YYYY-MM-DD, both optional); a bad one is an error in plain words. */
export function readRewardFilter(params: URLSearchParams): { filter: RewardFilter; error: string | null } {
	const get = (name: string) => (params.get(name) ?? '').trim().slice(0, 20);
	const from = get('from');
	const to = get('to');
	const bad = (s: string) => s !== '' && (!isRealDate(s) || s < '2000-01-01' || s > '2099-12-31');
	if (bad(from) || bad(to)) return { filter: { from: null, to: null }, error: 'Enter the dates as real dates, for example 2026-04-01.' };
	if (from && to && from > to) return { filter: { from: null, to: null }, error: 'The “from” date must be on or before the “to” date.' };
	return { filter: { from: from || null, to: to || null }, error: null };
}

/** Every reward of the organisation (within the dates, if given), oldest first, with the recipient. */
export async function listRewards(db: Db, organisationId: string, filter: RewardFilter = { from: null, to: null }) {
	const where: (SQL | undefined)[] = [
		eq(rewards.organisationId, organisationId),
		filter.from ? gte(rewards.givenOn, filter.from) : undefined,
		filter.to ? lte(rewards.givenOn, filter.to) : undefined
	];
	const rows = await db
		.select({
			id: rewards.id,
			givenOn: rewards.givenOn,
			kind: rewards.kind,
			description: rewards.description,
			valuePence: rewards.valuePence,
			projectTitle: projects.title,
			userId: rewards.userId,
			displayName: users.displayName,
			username: users.username,
			deletedAt: users.deletedAt
		})
		.from(rewards)
		.leftJoin(projects, eq(projects.id, rewards.projectId))
		.leftJoin(users, eq(users.id, rewards.userId))
		.where(and(...where))
		.orderBy(asc(rewards.givenOn), asc(rewards.createdAt));
	return rows.map((r) => {
		const deleted = !r.userId || !!r.deletedAt;
		return {
			id: r.id,
			givenOn: r.givenOn,
			kind: r.kind as RewardKind,
			description: r.description,
			valuePence: r.valuePence,
			projectTitle: r.projectTitle,
			recipientId: deleted ? null : r.userId,
			recipient: deleted ? 'Deleted account' : `${r.displayName} (${r.username})`
		};
	});
}
export type RewardRow = Awaited<ReturnType<typeof listRewards>>[number];

/** Count and value by kind, in REWARD_KINDS order. */
export function totalsByKind(rows: RewardRow[]) {
	return REWARD_KINDS.map((kind) => {
		const mine = rows.filter((r) => r.kind === kind);
		return { kind, label: REWARD_KIND_LABELS[kind], count: mine.length, valuePence: mine.reduce((a, r) => a + (r.valuePence ?? 0), 0) };
	});
}
