// A tender ready for panel members, built through the domain's own rules: quality (staff, 45),
// young people (15: one written question, one presentation), price (40); three bids from bidders
// with distinctive names and contacts, anonymised and released; a young people's panel and a
// quality panel; evaluation open.
import type { Db } from '../../src/lib/server/db/client';
import { addBid, prepareAnonymised, releaseBid } from '../../src/lib/server/evaluation/bids';
import { openEvaluation } from '../../src/lib/server/evaluation/lifecycle';
import { addMember, createPanel } from '../../src/lib/server/evaluation/panels';
import { acceptConfidentiality, declareInterests } from '../../src/lib/server/evaluation/membership';
import { createTender } from '../../src/lib/server/evaluation/tenders';
import { addCriterion, addSection } from '../../src/lib/server/evaluation/scoring-system';
import { expect } from 'vitest';
import { rows } from './fixtures-integration';

type Actor = { id: string; organisationId: string };

export const BIDDERS = [
	{ bidderName: 'Quillanby Adventure Trust Ltd', contactName: 'Hermione Waddesdon', contactEmail: 'hermione@quillanby-adventure.org.uk', contactPhone: '01632 960 311', price: '98,500' },
	{ bidderName: 'Xanthorpe Youth Partnership CIC', contactName: 'Lysander Pocklington', contactEmail: 'l.pock@xanthorpe.co.uk', contactPhone: '+44 1632 960 422', price: '101250' },
	{ bidderName: 'Vellacott Play Services', contactName: 'Perpetua Hallworth', contactEmail: 'perpetua@vellacottplay.example', contactPhone: '07700 900 533', price: '99999' }
];

/** Everything that identifies a bidder, and the prices, none of which may reach a panel member. */
export const SECRETS = BIDDERS.flatMap((b) => [b.bidderName, b.bidderName.split(' ')[0], b.contactName, b.contactName.split(' ')[1], b.contactEmail, b.contactEmail.split('@')[1].split('.')[0], b.contactPhone]).concat(['9850000', '10125000', '9999900', '98500', '101250', '99999', 'answer as written']);

export interface PanelTender {
	tenderId: string;
	quality: string;
	young: string;
	q1: string;
	y1: string;
	y2: string;
	bidIds: string[];
	youngPanel: string;
	qualityPanel: string;
}

let seq = 0;
const HOUR = 3_600_000;

export async function panelTender(db: Db, officer: Actor, projectId: string, youngMembers: Actor[], staffMembers: Actor[], options: { open?: boolean } = {}): Promise<PanelTender> {
	seq += 1;
	const tender = await createTender(db, officer, projectId, {
		title: `Youth work ${seq}`,
		reference: `RBC/PM/${Date.now().toString(36)}/${seq}`,
		publishedOn: '2026-12-01',
		closesOn: '2027-01-20',
		contractValue: '540000',
		contractMonths: '36'
	});
	const crit = (sectionId: string, title: string, weight: string, over: Partial<{ price: boolean; presentation: boolean }> = {}) =>
		addCriterion(db, officer, tender.id, { sectionId, title, guidance: `Think about: ${title}`, weight, price: false, presentation: false, ...over });
	const quality = await addSection(db, officer, tender.id, { name: 'Running the club', about: 'Staffing and safety.', audience: 'staff' });
	const young = await addSection(db, officer, tender.id, { name: 'What young people think', about: 'Would young people go?', audience: 'young_people' });
	const priceSection = await addSection(db, officer, tender.id, { name: 'Price', about: '', audience: 'staff' });
	const q1 = await crit(quality, 'How will you keep young people safe?', '45');
	const y1 = await crit(young, 'What will young people do at the club?', '10');
	const y2 = await crit(young, 'Presentation: why would young people come?', '5', { presentation: true });
	await crit(priceSection, 'Price', '40', { price: true });
	const bidIds: string[] = [];
	for (const b of BIDDERS) {
		const id = await addBid(db, officer, tender.id, {
			...b,
			answers: { [q1]: `${b.bidderName} answer as written by ${b.contactName}`, [y1]: `${b.bidderName} answer as written, call ${b.contactPhone}` }
		});
		bidIds.push(id);
	}
	for (const id of bidIds) {
		await prepareAnonymised(db, officer, id, q1, 'We check every worker and train them each year.');
		await prepareAnonymised(db, officer, id, y1, 'Young people choose activities each month.\nThere is a youth forum.');
		await releaseBid(db, officer, id);
	}
	const window = { opensAt: new Date(Date.now() - HOUR).toISOString(), closesAt: new Date(Date.now() + 7 * 24 * HOUR).toISOString() };
	const youngPanel = await createPanel(db, officer, tender.id, young, { quorum: '1', ...window });
	const qualityPanel = await createPanel(db, officer, tender.id, quality, { quorum: '1', ...window });
	for (const m of youngMembers) await addMember(db, officer, youngPanel, m.id);
	for (const m of staffMembers) await addMember(db, officer, qualityPanel, m.id);
	if (options.open !== false) await openEvaluation(db, officer, tender.id);
	return { tenderId: tender.id, quality, young, q1, y1, y2, bidIds, youngPanel, qualityPanel };
}

/** Accepts the confidentiality statement and declares no interest. */
export async function ready(db: Db, user: Actor, panelId: string) {
	await acceptConfidentiality(db, user, panelId);
	expect(await declareInterests(db, user, panelId, { hasInterest: false, details: '' })).toBe('active');
}

/** Row counts that a refused change must leave exactly as they were. */
export async function evaluationCounts(db: Db) {
	const [row] = await rows<Record<string, number>>(
		db,
		`select (select count(*)::int from panel_scores) as scores, (select count(*)::int from panel_scores where submitted_at is not null) as submitted,
		 (select count(*)::int from audit_log) as audit, (select count(*)::int from panel_members) as members, (select count(*)::int from presentations) as slots,
		 (select count(*)::int from panel_questions) as questions, (select count(*)::int from questions_asked) as asked,
		 (select coalesce(sum(length(question)), 0)::int from panel_questions) as question_text, (select coalesce(string_agg(position::text || id, ',' order by id), '') from panel_questions) as question_order,
		 (select coalesce(string_agg(place || starts_at::text, ',' order by id), '') from presentations) as slot_state,
		 (select coalesce(string_agg(score::text || coalesce(comment, ''), ',' order by id), '') from panel_scores) as score_state,
		 (select coalesce(string_agg(status || coalesce(confidentiality_accepted_at::text, ''), ',' order by id), '') from panel_members) as member_state`
	);
	return row;
}
