// Demo workshops and live sessions on the youth mental-health project, built with the modules' own
// functions (sessions, live activities, answers, moderation, the control panel):
// - a past workshop that ran live, "Designing the new wellbeing service together" (step 2): jay,
//   mia and priya signed up (leo, who could, stays free for trying sign-up), jay checked in with the
//   code and the champion ticked mia and priya in, 12 walk-ins were counted at the door, and 15
//   phones answered all five kinds of activity; the champion approved most ideas, hid one and
//   left the last waiting; the closing record credited 2 hours to each person who signed up and came;
// - an upcoming workshop at step 3 that jay has signed up for;
// - a youth forum session in a few days, planned with its five activities ready, to try the
//   control panel, a phone and the projector on (start it from its page).
// Every answer goes through submitAnswer as a phone's would; no row is written by hand.
import { and, asc, eq } from 'drizzle-orm';
import type * as v from 'valibot';
import { londonDay } from '../../dates';
import type { LiveActivityType } from '../../live/kinds';
import type { Db } from '../db/client';
import { validate } from '../forms';
import { addActivity } from '../live/activities';
import { activitySchema, newActivityRaw } from '../live/activity-input';
import type { AnswerInput } from '../live/answer-input';
import { submitAnswer } from '../live/answers';
import { closeActivity, openActivity } from '../live/control';
import { approveEntry, hideEntry, pendingEntries } from '../live/moderation';
import { joinLive } from '../live/participants';
import { projects } from '../projects/schema';
import { checkInByCode, countWalkIns, markAttendance } from '../workshops/attendance';
import { closeSession } from '../workshops/closing';
import { registerForSession } from '../workshops/registrations';
import { sessionInOrganisation, type Actor } from '../workshops/lookup';
import { createSession, moveSession } from '../workshops/sessions';
import { liveOptions, type LiveParticipant } from '../workshops/schema';

export const DEMO_PAST_SESSION = 'Designing the new wellbeing service together';
export const DEMO_UPCOMING_SESSION = 'What a good service looks and feels like';
export const DEMO_READY_SESSION = 'Youth forum: choosing what matters for the new service';
const SLUG = 'youth-mental-health-support';

const DAY = 86_400_000;
const MINUTE = 60_000;
/** "YYYY-MM-DDTHH:MM" on the day `days` from now in England, as the session form takes it. */
const localTime = (now: Date, days: number, time: string) => `${londonDay(new Date(now.getTime() + days * DAY))}T${time}`;

type RawActivity = { type: LiveActivityType; prompt: string } & Partial<Record<'pick' | 'options' | 'scaleMin' | 'scaleMax' | 'minLabel' | 'maxLabel' | 'dots' | 'maxEntries' | 'allowChange', string>>;

function activityInput(raw: RawActivity) {
	return validate(activitySchema, { ...newActivityRaw(raw.type), ...raw } as v.InferInput<typeof activitySchema>);
}

// The past workshop's five activities and what fifteen phones answered (0 jay, 1 mia, 2 priya, 3-14 walk-ins).
const WHERE = ['At school or college', 'At a youth hub in town', 'Online or by text', 'At my GP surgery', 'At home'];
const MATTERS = ['Short waits for a first appointment', 'Evening and weekend times', 'The same worker each time', 'Drop in without a referral', 'Help for families too'];
const PAST_ACTIVITIES: RawActivity[] = [
	{ type: 'poll', prompt: 'Where would you most like to get support?', options: WHERE.join('\n') },
	{ type: 'rating', prompt: 'How easy is it to get help with your mental health in Riverside now?', scaleMin: '1', scaleMax: '5', minLabel: 'Really hard', maxLabel: 'Really easy' },
	{ type: 'word_cloud', prompt: 'In a word or two: how should the new service feel?', maxEntries: '3' },
	{ type: 'ideas', prompt: 'What would make the new service better than the help there is now?', maxEntries: '2' },
	{ type: 'priority', prompt: 'Spend your 3 dots on what matters most to you', options: MATTERS.join('\n'), dots: '3' }
];
/** Index into WHERE per phone; null: didn't answer. */
const POLL = [1, 2, 0, 1, 1, 2, 0, 1, 3, 2, 1, 0, 2, 1, null];
const RATING = [2, 1, 2, 3, 1, 2, 4, 2, 1, 3, 2, 2, 4, 1, 3];
const WORDS = [
	['Safe', 'welcoming'],
	['calm', 'friendly'],
	['welcoming', 'quick'],
	['safe'],
	['friendly', 'relaxed', 'safe'],
	['quick', 'easy'],
	['welcoming'],
	['non-judgemental', 'safe'],
	['kind'],
	['Welcoming', 'safe'],
	['private', 'calm'],
	['friendly'],
	['quick', 'welcoming'],
	['relaxed'],
	['safe', 'honest']
];
/** Ideas in the order they arrived: [phone, text, what the champion did]. */
const IDEAS: [number, string, 'approve' | 'hide' | 'wait'][] = [
	[0, 'Being able to text a worker when I don’t feel like talking out loud', 'approve'],
	[3, 'Drop-in evenings after school, no appointment needed', 'approve'],
	[1, 'Seeing the same worker every time so I don’t have to tell my story again', 'approve'],
	[2, 'Help for parents too, so we know what to do at home while we wait', 'approve'],
	[5, 'A quiet waiting room that doesn’t feel like a hospital', 'approve'],
	[7, 'Tell us how long the wait will be and check in with us while we wait', 'approve'],
	[9, 'Same as above', 'hide'],
	[4, 'Young people on the panel that interviews the staff', 'approve'],
	[11, 'Help with bus fares to get to appointments', 'approve'],
	[12, 'Sessions at the youth hub, not at school where everyone can see you go in', 'wait']
];
/** Dots per phone on MATTERS, in order. */
const DOTS = [
	[2, 1, 0, 0, 0],
	[1, 0, 2, 0, 0],
	[1, 0, 0, 0, 2],
	[3, 0, 0, 0, 0],
	[1, 1, 0, 1, 0],
	[0, 2, 0, 1, 0],
	[2, 0, 1, 0, 0],
	[1, 0, 0, 2, 0],
	[0, 1, 1, 1, 0],
	[2, 0, 0, 0, 1],
	[1, 1, 1, 0, 0],
	[0, 0, 3, 0, 0],
	[2, 1, 0, 0, 0],
	[1, 0, 0, 1, 1],
	[0, 2, 0, 1, 0]
];

const SUMMARY = `Fifteen people came: three who signed up in the app and twelve who walked in from the youth forum and the parent panel. We looked at what the needs survey told us, then voted and wrote ideas on our phones.

Most people want support at a youth hub in town or online, not at school. Getting help now feels hard (2.2 out of 5 on average). Short waits came out well on top, then evening and weekend times, seeing the same worker each time, and dropping in without a referral.`;
const OUTPUTS = `1. Short waits for a first appointment goes into the outcomes as the top priority.
2. The specification will ask for a town-centre youth hub and a text or online option.
3. We will ask providers how they would keep the same worker with a young person.
4. Ideas for the Design step: evening drop-ins, a quiet waiting room, help for parents while they wait, young people on staff interview panels, help with bus fares.`;

async function answer(db: Db, phone: LiveParticipant, activityId: string, input: AnswerInput, at: Date) {
	const outcome = await submitAnswer(db, phone, activityId, input, at);
	if (outcome.outcome !== 'stored') throw new Error(`demo: an answer was refused (${outcome.outcome})`);
}

async function optionIds(db: Db, activityId: string): Promise<string[]> {
	const rows = await db.select({ id: liveOptions.id }).from(liveOptions).where(eq(liveOptions.activityId, activityId)).orderBy(asc(liveOptions.position));
	return rows.map((r) => r.id);
}

async function runPastWorkshop(db: Db, projectId: string, champion: Actor, people: Record<'jay' | 'mia' | 'priya', Actor>, now: Date) {
	const id = await createSession(
		db,
		champion,
		{
			projectId,
			step: '2',
			kind: 'workshop',
			title: DEMO_PAST_SESSION,
			description: 'An informal evening workshop: we share what the needs survey found, then you vote and add your ideas on your phone. Food provided.',
			startsAt: localTime(now, -18, '17:30'),
			endsAt: localTime(now, -18, '19:30'),
			place: 'Riverside Youth Hub, Market Street',
			onlineLink: '',
			capacity: '30',
			invite: 'open',
			hoursCredited: '2',
			showNicknames: ''
		},
		new Date(now.getTime() - 32 * DAY)
	);
	const { session } = await sessionInOrganisation(db, champion.organisationId, id);
	const start = session.startsAt.getTime();
	const at = (minutes: number) => new Date(start + minutes * MINUTE);
	const registrations = {
		jay: await registerForSession(db, people.jay, id, new Date(now.getTime() - 28 * DAY)),
		mia: await registerForSession(db, people.mia, id, new Date(now.getTime() - 27 * DAY)),
		priya: await registerForSession(db, people.priya, id, new Date(now.getTime() - 25 * DAY))
	};
	const activityIds: string[] = [];
	for (const raw of PAST_ACTIVITIES) activityIds.push(await addActivity(db, champion, id, activityInput(raw), new Date(now.getTime() - 20 * DAY)));

	await moveSession(db, champion, id, 'start', at(-15));
	await checkInByCode(db, people.jay, session.code, at(-5));
	await markAttendance(db, champion, id, registrations.mia.registrationId, true, at(-2));
	await markAttendance(db, champion, id, registrations.priya.registrationId, true, at(0));
	await countWalkIns(db, champion, id, { set: 12 }, at(10));

	const live = { ...session, status: 'live' as const };
	const phones: LiveParticipant[] = [];
	for (const person of [people.jay, people.mia, people.priya]) phones.push((await joinLive(db, { session: live, user: person, token: null })).participant);
	for (let i = 0; i < 12; i++) phones.push((await joinLive(db, { session: live, user: null, token: null })).participant);

	const [poll, rating, words, ideas, priority] = activityIds;
	let minute = 20;
	const step = async (activityId: string, answers: (phone: LiveParticipant, i: number, when: Date) => Promise<void>) => {
		await openActivity(db, champion, id, activityId, at(minute));
		for (const [i, phone] of phones.entries()) await answers(phone, i, new Date(at(minute).getTime() + (i + 1) * 8000));
		minute += 12;
		await closeActivity(db, champion, id, activityId, at(minute - 2));
	};
	const whereIds = await optionIds(db, poll);
	await step(poll, async (phone, i, when) => {
		const choice = POLL[i];
		if (choice !== null) await answer(db, phone, poll, { choices: [whereIds[choice]] }, when);
	});
	await step(rating, (phone, i, when) => answer(db, phone, rating, { rating: RATING[i] }, when));
	await step(words, (phone, i, when) => answer(db, phone, words, { entries: WORDS[i] }, when));
	await step(ideas, async (phone, i, when) => {
		const mine = IDEAS.filter(([p]) => p === i).map(([, text]) => text);
		if (mine.length) await answer(db, phone, ideas, { entries: mine }, when);
	});
	// The champion went through the queue as the notes came in.
	const pending = await pendingEntries(db, champion, id, ideas);
	for (const [n, [, text, decision]] of IDEAS.entries()) {
		const entry = pending.find((e) => e.text === text);
		if (!entry) throw new Error('demo: an idea is missing from the approval queue');
		const when = new Date(at(minute - 9).getTime() + n * 20_000);
		if (decision === 'approve') await approveEntry(db, champion, id, entry.id, when);
		if (decision === 'hide') await hideEntry(db, champion, id, entry.id, when);
	}
	const matterIds = await optionIds(db, priority);
	await step(priority, (phone, i, when) => answer(db, phone, priority, { dots: Object.fromEntries(DOTS[i].map((n, o) => [matterIds[o], n]).filter(([, n]) => n)) }, when));

	await closeSession(db, champion, id, { summary: SUMMARY, outputs: OUTPUTS, walkIns: '12' }, at(120));
}

async function planUpcoming(db: Db, projectId: string, champion: Actor, jay: Actor, now: Date) {
	const id = await createSession(
		db,
		champion,
		{
			projectId,
			step: '3',
			kind: 'workshop',
			title: DEMO_UPCOMING_SESSION,
			description: 'We take the top priorities from the last workshop and design what the new service should look and feel like: the rooms, the times, how you get in touch and who you see.',
			startsAt: localTime(now, 12, '17:30'),
			endsAt: localTime(now, 12, '19:30'),
			place: 'Riverside Youth Hub, Market Street',
			onlineLink: '',
			capacity: '20',
			invite: 'participants',
			hoursCredited: '2',
			showNicknames: ''
		},
		new Date(now.getTime() - 3 * DAY)
	);
	await registerForSession(db, jay, id, new Date(now.getTime() - 2 * DAY));
}

const READY_ACTIVITIES: RawActivity[] = [
	{ type: 'poll', prompt: 'How did you hear about today’s session?', options: 'Youth forum\nSchool or college\nA friend\nSocial media\nSomewhere else' },
	{ type: 'rating', prompt: 'How confident are you that the council will listen to young people on this?', scaleMin: '1', scaleMax: '5', minLabel: 'Not at all', maxLabel: 'Very' },
	{ type: 'word_cloud', prompt: 'What should the new service never do?', maxEntries: '3' },
	{ type: 'ideas', prompt: 'How should the new service tell young people it exists?', maxEntries: '2' },
	{ type: 'priority', prompt: 'Spend your 3 dots: what should we ask providers about first?', options: 'How long people wait\nWhere they meet young people\nHow they train their staff\nHow young people can complain', dots: '3' }
];

async function planReadyToRun(db: Db, projectId: string, champion: Actor, now: Date) {
	const id = await createSession(
		db,
		champion,
		{
			projectId,
			step: '2',
			kind: 'panel_meeting',
			title: DEMO_READY_SESSION,
			description: 'The youth forum’s monthly meeting, with live voting on your phones. Join at /live with the code on the screen.',
			startsAt: localTime(now, 5, '16:30'),
			endsAt: localTime(now, 5, '18:00'),
			place: 'Council offices, Committee Room 2',
			onlineLink: '',
			capacity: '',
			invite: 'open',
			hoursCredited: '1.5',
			showNicknames: 'yes'
		},
		new Date(now.getTime() - DAY)
	);
	for (const raw of READY_ACTIVITIES) await addActivity(db, champion, id, activityInput(raw), new Date(now.getTime() - DAY));
}

export async function seedDemoSessions(tx: Db, organisationId: string, ids: ReadonlyMap<string, string>, now = new Date()): Promise<void> {
	const [project] = await tx
		.select({ id: projects.id })
		.from(projects)
		.where(and(eq(projects.organisationId, organisationId), eq(projects.slug, SLUG)));
	if (!project) throw new Error('demo: the youth mental-health project is missing');
	const actor = (username: string): Actor => ({ id: ids.get(username)!, organisationId });
	const champion = actor('champion');
	await runPastWorkshop(tx, project.id, champion, { jay: actor('jay'), mia: actor('mia'), priya: actor('priya') }, now);
	await planUpcoming(tx, project.id, champion, actor('jay'), now);
	await planReadyToRun(tx, project.id, champion, now);
}
