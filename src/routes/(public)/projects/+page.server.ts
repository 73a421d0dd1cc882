import { getDb } from '$lib/server/db';
import { publicProjectsList } from '$lib/server/publishing/portal';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => ({ projects: await publicProjectsList(await getDb()) });
