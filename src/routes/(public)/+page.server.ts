import { getDb } from '$lib/server/db';
import { portalHome } from '$lib/server/publishing/portal';
import type { PageServerLoad } from './$types';

// The public portal's home: only published projects and entries, no sign-in.
export const load: PageServerLoad = async () => ({ portal: await portalHome(await getDb()) });
