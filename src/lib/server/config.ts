// Every setting comes from the environment (listed in the README), with safe defaults.
// Read lazily so tests and scripts can set variables before first use.
function env(name: string): string | undefined {
	const value = process.env[name];
	return value === undefined || value === '' ? undefined : value;
}

function intEnv(name: string, fallback: number): number {
	const raw = env(name);
	if (raw === undefined) return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number`);
	return value;
}

export const config = {
	/**
	 * The address people reach the app at, e.g. https://coproduce.example.org (the ORIGIN that
	 * adapter-node reads too), for links in emails; null when unset.
	 */
	get publicOrigin(): string | null {
		const raw = env('ORIGIN');
		if (raw === undefined) return null;
		let url: URL;
		try {
			url = new URL(raw);
		} catch {
			throw new Error('ORIGIN must be a full address, like https://coproduce.example.org');
		}
		if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('ORIGIN must start with https:// or http://');
		return url.origin;
	},
	get databaseUrl() {
		return env('DATABASE_URL');
	},
	get dataDir() {
		return env('DATA_DIR') ?? './data';
	},
	get migrationsDir() {
		return env('MIGRATIONS_DIR') ?? './drizzle';
	},
	/** 'true' seeds an empty database with demo data; 'false' never. Default: only the embedded database. */
	get seedDemo(): boolean | undefined {
		const raw = env('SEED_DEMO');
		return raw === undefined ? undefined : raw === 'true';
	},
	get sessionIdleHours() {
		return intEnv('SESSION_IDLE_HOURS', 24 * 7);
	},
	get sessionAbsoluteHours() {
		return intEnv('SESSION_ABSOLUTE_HOURS', 24 * 30);
	},
	get signInAccountFreeFailures() {
		return intEnv('SIGNIN_ACCOUNT_FREE_FAILURES', 5);
	},
	get signInIpMaxFailures() {
		return intEnv('SIGNIN_IP_MAX_FAILURES', 30);
	},
	get invitationDays() {
		return intEnv('INVITATION_DAYS', 14);
	},
	get dbPoolSize() {
		return intEnv('DB_POOL_SIZE', 10);
	},
	/** Anonymous survey submissions per address per survey in each window; 0 turns the limit off. */
	get surveyAddressLimit() {
		return intEnv('SURVEY_ADDRESS_LIMIT', 100);
	},
	get surveyAddressWindowSeconds() {
		return intEnv('SURVEY_ADDRESS_WINDOW_SECONDS', 900);
	},
	/** Wrong live-session codes (at /live, /join and checking in) per address in 15 minutes. */
	get liveCodeAddressLimit() {
		return intEnv('LIVE_CODE_ADDRESS_LIMIT', 30);
	},
	/** New anonymous phones joining live sessions per address in 15 minutes. */
	get liveJoinAddressLimit() {
		return intEnv('LIVE_JOIN_ADDRESS_LIMIT', 300);
	},
	/** How often each process adds new survey responses into the results tallies; 0: only when results are opened. */
	get tallyIntervalSeconds() {
		return intEnv('TALLY_INTERVAL_SECONDS', 5);
	}
};
