// Demo recognition: every kind of ledger row and reward. Panel hours are credited as members
// submit their scores (tenders.ts), and creditSubmittedPanels catches up anyone not yet credited;
// the champion adds hours for jay's stall at the summer fair and records rewards (a voucher for
// jay's panel work, an AQA Unit Award for jay, a payment to priya). All through the real functions.
import { and, asc, eq } from 'drizzle-orm';
import { londonDay, londonToday } from '../../dates';
import type { Db } from '../db/client';
import { contributions } from '../participation/schema';
import { addHours } from '../recognition/ledger';
import { creditSubmittedPanels } from '../recognition/panel-hours';
import { giveReward } from '../recognition/rewards';

const DAY = 86_400_000;

export async function seedDemoRecognition(tx: Db, organisationId: string, ids: Map<string, string>, now = new Date()): Promise<void> {
	await creditSubmittedPanels(tx, organisationId);
	const champion = { id: ids.get('champion')!, organisationId };
	const daysAgo = (n: number) => londonDay(new Date(now.getTime() - n * DAY));
	const today = londonToday(now);
	const firstPanel = async (username: string) =>
		(
			await tx
				.select({ projectId: contributions.projectId, happenedOn: contributions.happenedOn })
				.from(contributions)
				.where(and(eq(contributions.userId, ids.get(username)!), eq(contributions.activity, 'panel')))
				.orderBy(asc(contributions.happenedOn))
				.limit(1)
		)[0];
	const weekAfter = (day: string) => {
		const later = londonDay(new Date(new Date(`${day}T12:00:00Z`).getTime() + 7 * DAY));
		return later < today ? later : today;
	};

	const jay = ids.get('jay')!;
	await addHours(tx, champion, jay, { description: 'Helped run the youth forum’s stall at the summer fair', happenedOn: daysAgo(40), hours: '3', projectId: '' }, now);
	const jayPanel = await firstPanel('jay');
	await giveReward(
		tx,
		champion,
		jay,
		{
			kind: 'voucher',
			description: '£20 high-street voucher to thank you for scoring on the tender panel',
			value: '£20',
			givenOn: jayPanel ? weekAfter(jayPanel.happenedOn) : daysAgo(20),
			projectId: jayPanel?.projectId ?? ''
		},
		now
	);
	await giveReward(tx, champion, jay, { kind: 'accreditation', description: 'AQA Unit Award: helping to choose a local service', value: '', givenOn: daysAgo(10), projectId: '' }, now);

	const priyaPanel = await firstPanel('priya');
	await giveReward(
		tx,
		champion,
		ids.get('priya')!,
		{ kind: 'payment', description: 'Payment for her time on the parents’ panel', value: '£25.00', givenOn: priyaPanel ? weekAfter(priyaPanel.happenedOn) : daysAgo(15), projectId: priyaPanel?.projectId ?? '' },
		now
	);
}
