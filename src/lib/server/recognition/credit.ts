// Crediting the contributions ledger. Every automatic credit (an approved mystery-shopping report,
// an attended session, a panel member's submitted scores) names the row that earned it, and the
// table's unique (activity, source_id) makes a second credit for the same row do nothing, even
// when two requests credit it at the same moment. Call it inside the transaction that earned it.
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import { contributions, type ContributionActivity } from '../participation/schema';

export interface Credit {
	organisationId: string;
	userId: string | null;
	projectId: string | null;
	activity: ContributionActivity;
	/** The row that earned it (a report, a registration, a panel member): credited once. */
	sourceId: string;
	/** Plain words for the ledger and certificate; never a bidder's or another person's name. */
	description: string;
	hours: number;
	/** YYYY-MM-DD, the day in England. */
	happenedOn: string;
	creditedBy: string | null;
	createdAt?: Date;
}

/** Credits each row not credited before; returns the ids of the rows written now. */
export async function creditContributions(tx: Db, credits: readonly Credit[]): Promise<string[]> {
	if (credits.length === 0) return [];
	const written = await tx
		.insert(contributions)
		.values(credits.map((c) => ({ id: newId(), ...c, createdAt: c.createdAt ?? new Date() })))
		.onConflictDoNothing({ target: [contributions.activity, contributions.sourceId] })
		.returning({ id: contributions.id });
	return written.map((r) => r.id);
}

/** One credit; the new row's id, or null when it had been credited already. */
export async function creditContribution(tx: Db, credit: Credit): Promise<string | null> {
	const [id] = await creditContributions(tx, [credit]);
	return id ?? null;
}
