// Demo mystery shopping on the youth counselling contract: "Young inspectors 2026" (anonymous
// visits), three scenarios, the default checklist, and six visits over the last two quarters, each
// with a pair: jay and mia (young people; mia is 14 with her parent's consent on record) or priya
// and tom (parents). Leo has no consent and is never assigned. Every shopper's report is sent
// through the phone's own path and approved by the champion (so hours are credited), and an
// officer publishes the summary the findings suggest. A seventh visit, this month, is planned for
// jay and mia and not yet reported. Built with the modules' own functions.
import { eq } from 'drizzle-orm';
import { userRoles } from '../auth/schema';
import type { Db } from '../db/client';
import { addMonths } from '../monitoring/schedule';
import { checklistOf } from '../mystery-shopping/checklist';
import { createProgramme } from '../mystery-shopping/programmes';
import { publishSummary, summaryPage } from '../mystery-shopping/public-summary';
import { submitReport } from '../mystery-shopping/reports';
import { approveReport } from '../mystery-shopping/review';
import { addScenario } from '../mystery-shopping/scenarios';
import { assignShopper, createVisit } from '../mystery-shopping/visits';

const DAY = 86_400_000;
const iso = (d: Date) => d.toISOString().slice(0, 10);
const plusDays = (day: string, n: number) => iso(new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY));
const at = (day: string, now: Date, hour = 10) => new Date(Math.min(Date.parse(`${day}T${String(hour).padStart(2, '0')}:00:00Z`), now.getTime() - 3_600_000));

export const DEMO_PROGRAMME_TITLE = 'Young inspectors 2026';

const SCENARIOS = [
	{
		title: 'Asking about a first appointment',
		script: 'Ask at reception how a young person gets a first appointment, how long the wait is, and whether you can come without a parent.'
	},
	{ title: 'Finding the drop-in', script: 'Find the Thursday drop-in from the bus stop, then ask what happens there and who it is for.' },
	{
		title: 'Asking for help as a parent',
		script: 'As a parent, ask what help there is for a teenager who is worried and not sleeping, and what the family can do while they wait.'
	}
];

type Report = { ratings: number[]; comments?: Record<number, string>; wentWell: string; couldBeBetter: string; otherComments?: string };
/** Ratings in the default checklist's order: first contact, welcome, accessibility, information, environment, overall, recommend. */
const VISITS: { who: 'young' | 'parents'; scenario: number; reports: [Report, Report] }[] = [
	{
		who: 'young',
		scenario: 0,
		reports: [
			{ ratings: [3, 5, 4, 3, 4, 4, 4], comments: { 0: 'The phone rang for ages before anyone answered.' }, wentWell: 'The receptionist spoke to us, not to the youth worker with us.', couldBeBetter: 'Nobody could tell us how long the wait would be.' },
			{ ratings: [3, 4, 4, 3, 3, 4, 4], comments: { 4: 'The waiting room was quite cramped.' }, wentWell: 'They said we could come on our own, which was good to hear.', couldBeBetter: 'The leaflets were full of long words.' }
		]
	},
	{
		who: 'parents',
		scenario: 2,
		reports: [
			{ ratings: [2, 4, 3, 4, 4, 3, 3], comments: { 0: 'The entrance is round the back and there is no sign from the road.' }, wentWell: 'The worker was calm and kind and gave me a number to ring at night.', couldBeBetter: 'A sign on the main road, and a ramp at the side door.' },
			{ ratings: [3, 4, 4, 3, 3, 4, 4], wentWell: 'I was told clearly what happens after a referral.', couldBeBetter: 'There was nothing written for parents to take away.' }
		]
	},
	{
		who: 'young',
		scenario: 1,
		reports: [
			{ ratings: [4, 5, 3, 4, 4, 4, 5], comments: { 1: 'Really friendly, they asked what we wanted to be called.' }, wentWell: 'The drop-in felt relaxed and nobody rushed us.', couldBeBetter: 'The lift was out of order and there was no other way up.' },
			{ ratings: [3, 5, 4, 3, 3, 4, 4], wentWell: 'Staff explained the drop-in in a way that made sense.', couldBeBetter: 'The bus stop is a long walk away and the route is not signed.' }
		]
	},
	{
		who: 'parents',
		scenario: 2,
		reports: [
			{ ratings: [4, 4, 4, 4, 4, 4, 4], wentWell: 'The new sign on the road made it easy to find this time.', couldBeBetter: 'The waiting list letter could say how long the wait is likely to be.' },
			{ ratings: [3, 5, 4, 4, 3, 4, 4], comments: { 1: 'They made time for me even though it was busy.' }, wentWell: 'I left with a parents’ leaflet in plain English.', couldBeBetter: 'It was hard to get through on the phone before the visit.' }
		]
	},
	{
		who: 'young',
		scenario: 0,
		reports: [
			{ ratings: [4, 5, 5, 4, 4, 5, 5], comments: { 2: 'The lift was fixed and there is a quiet room now.' }, wentWell: 'They told us a first appointment would be within three weeks.', couldBeBetter: 'Evening times fill up fast.' },
			{ ratings: [4, 5, 4, 4, 3, 4, 5], wentWell: 'We could book online, which is much easier than phoning.', couldBeBetter: 'The toilets were not very clean.' }
		]
	},
	{
		who: 'parents',
		scenario: 2,
		reports: [
			{ ratings: [4, 4, 3, 5, 4, 4, 4], comments: { 3: 'The new parents’ leaflet answers the questions I had.' }, wentWell: 'They explained what support there is while you wait.', couldBeBetter: 'The side door ramp is still steep.' },
			{ ratings: [4, 5, 4, 4, 4, 5, 4], wentWell: 'Warm welcome, and they took my worries seriously.', couldBeBetter: 'Longer opening hours on Saturdays would help working parents.' }
		]
	}
];

export async function seedDemoShopping(tx: Db, organisationId: string, ids: ReadonlyMap<string, string>, contractId: string, now: Date): Promise<void> {
	const champion = { id: ids.get('champion')!, organisationId };
	const officer = { id: ids.get('officer')!, organisationId };
	const person = async (username: string) => {
		const id = ids.get(username)!;
		const roles = (await tx.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, id))).map((r) => r.role);
		return { id, organisationId, roles };
	};
	const pairs = { young: [await person('jay'), await person('mia')], parents: [await person('priya'), await person('tom')] };

	// The last two whole quarters: three visits in each, one a month.
	const month = iso(new Date(Date.UTC(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) * 3, 1)));
	const firstMonth = addMonths(month, -6);
	const programmeId = await createProgramme(
		tx,
		champion,
		contractId,
		{
			title: DEMO_PROGRAMME_TITLE,
			purpose: 'Find out what it is like for a young person or a parent to ask the counselling service for help: how easy it is to get in touch, how they are welcomed, and whether the information makes sense.',
			contactKind: 'visit',
			announced: 'no',
			announcedFrom: '',
			announcedTo: '',
			startsOn: firstMonth,
			endsOn: plusDays(addMonths(month, 6), -1),
			hoursPerVisit: '2'
		},
		at(plusDays(firstMonth, -14), now)
	);
	const scenarioIds: string[] = [];
	for (const s of SCENARIOS) scenarioIds.push(await addScenario(tx, champion, programmeId, { ...s, noTreatment: 'yes' }));
	const items = (await checklistOf(tx, programmeId)).map((i) => i.id);

	for (const [n, visit] of VISITS.entries()) {
		const windowFrom = addMonths(firstMonth, n);
		const windowTo = plusDays(windowFrom, 20);
		const visitedOn = plusDays(windowFrom, 9);
		const planned = at(plusDays(windowFrom, -10), now);
		const visitId = await createVisit(
			tx,
			champion,
			programmeId,
			{ windowFrom, windowTo, scenarioId: scenarioIds[visit.scenario], supervisor: visit.who === 'young' ? 'Sam (youth worker)' : 'Chloe (participation champion)' },
			planned
		);
		const shoppers = pairs[visit.who];
		for (const s of shoppers) await assignShopper(tx, champion, visitId, s.id, planned);
		for (const [k, shopper] of shoppers.entries()) {
			const r = visit.reports[k];
			const ratings = Object.fromEntries(items.map((itemId, i) => [itemId, { rating: r.ratings[i], comment: r.comments?.[i] ?? '' }]));
			const outcome = await submitReport(tx, {
				actor: shopper,
				visitId,
				idempotencyKey: `demo-report-${n}-${k}-${visitId}`,
				report: { visitedOn, ratings, wentWell: r.wentWell, couldBeBetter: r.couldBeBetter, otherComments: r.otherComments ?? '' },
				now: at(visitedOn, now, 17 + k)
			});
			if (outcome.outcome !== 'stored') throw new Error(`Demo report not stored: ${outcome.outcome}`);
			await approveReport(tx, champion, outcome.reportId, at(plusDays(visitedOn, 3), now));
		}
	}

	// This month's visit: planned for jay and mia and not reported yet, so the demo can show
	// reporting on a phone (sign in as jay, My space, your visits).
	const today = iso(now);
	const upcoming = await createVisit(
		tx,
		champion,
		programmeId,
		{ windowFrom: plusDays(today, -2), windowTo: plusDays(today, 12), scenarioId: scenarioIds[1], supervisor: 'Sam (youth worker)' },
		at(plusDays(today, -9), now)
	);
	for (const s of pairs.young) await assignShopper(tx, champion, upcoming, s.id, at(plusDays(today, -9), now));

	const { suggestion } = await summaryPage(tx, organisationId, programmeId);
	await publishSummary(tx, officer, programmeId, { summary: suggestion }, at(plusDays(addMonths(firstMonth, 5), 16), now));
}
