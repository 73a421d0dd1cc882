import * as v from 'valibot';
import type { Db } from '../../src/lib/server/db/client';
import { createProject, projectSchema } from '../../src/lib/server/projects/projects';

/** A procurement project for tests that need one to hang a tender or survey on. */
export async function quickProject(db: Db, actor: { id: string; organisationId: string }, title = 'Short breaks'): Promise<string> {
	const input = v.parse(projectSchema, {
		title,
		summary: `${title}.`,
		serviceArea: 'SEND',
		level: 'strategic',
		route: 'procurement',
		annualValue: '420000',
		contractMonths: '36',
		leadOfficerId: '',
		publicContact: '',
		status: 'active'
	});
	return (await createProject(db, actor, input)).id;
}
