import AxeBuilder from '@axe-core/playwright';
import {
	test as base,
	expect,
	type APIRequestContext,
	type APIResponse,
	type BrowserContext,
	type Page
} from '@playwright/test';

// Every page a test opens is checked with axe: after each navigation has settled (full loads and
// SvelteKit's client-side navigations alike) and once more at the end of the test. Serious and
// critical violations fail the test. Checks run one at a time per page; a check cut short by the
// next navigation is simply superseded by the check of the page that replaced it.

export { expect };

export const BASE_URL = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:4173';
export const ORIGIN = new URL(BASE_URL).origin;

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const FAILING_IMPACTS = new Set(['serious', 'critical']);

export type DemoRole = 'admin' | 'officer' | 'champion' | 'officer+champion' | 'young_person' | 'parent_carer';
export interface DemoAccount {
	username: string;
	password: string;
	role: DemoRole;
	note?: string;
}

/** The demo accounts seeded by SEED_DEMO=true. */
export const DEMO = {
	admin: { username: 'admin', password: 'amber-lantern-harbour', role: 'admin' },
	officer: { username: 'officer', password: 'quiet-copper-meadow', role: 'officer' },
	champion: { username: 'champion', password: 'bright-kite-orchard', role: 'champion' },
	morgan: { username: 'morgan', password: 'silver-fern-compass', role: 'officer+champion' },
	jay: { username: 'jay', password: 'paper-boat-summer', role: 'young_person', note: '17' },
	mia: { username: 'mia', password: 'green-tea-rocket', role: 'young_person', note: '14, parental consent recorded' },
	leo: { username: 'leo', password: 'purple-cloud-tiger', role: 'young_person', note: '13, no consent' },
	priya: { username: 'priya', password: 'warm-bread-sunday', role: 'parent_carer' },
	tom: { username: 'tom', password: 'orange-sofa-pebble', role: 'parent_carer' }
} as const satisfies Record<string, DemoAccount>;

interface AxeFinding {
	url: string;
	id: string;
	impact: string;
	help: string;
	helpUrl: string;
	targets: string[];
}

/** A navigation or closed page interrupted the check: not a finding, the next check covers it. */
function isInterruption(err: unknown): boolean {
	const message = err instanceof Error ? err.message : String(err);
	return /Execution context was destroyed|Target (page, context or browser )?(has been )?closed|frame was detached|navigat|Cannot find context|context or browser has been closed|page has been closed/i.test(
		message
	);
}

function checkable(url: string): boolean {
	return url.startsWith('http://') || url.startsWith('https://');
}

const NAVIGATION_METHODS = ['goto', 'reload', 'goBack', 'goForward'] as const;
type NavigationMethod = (typeof NAVIGATION_METHODS)[number];
const auditors = new WeakMap<Page, PageAuditor>();

/**
 * Waits for the accessibility check of the page as it is now. Pages reached by clicking are
 * checked in the background and may be skipped if the test moves on quickly; call this to be sure.
 */
export async function checkAccessibility(page: Page): Promise<void> {
	await auditors.get(page)?.schedule();
}

class PageAuditor {
	private chain: Promise<void> = Promise.resolve();
	private queued = false;
	private lastChecked: { url: string; html: string } | null = null;
	readonly findings: AxeFinding[] = [];
	readonly errors: string[] = [];

	constructor(private readonly page: Page) {
		auditors.set(page, this);
		page.on('framenavigated', (frame) => {
			if (frame === page.mainFrame()) this.schedule();
		});
		// A page reached with goto/reload/back/forward is always checked before the test goes on.
		const methods = page as unknown as Record<NavigationMethod, (...args: unknown[]) => Promise<unknown>>;
		for (const name of NAVIGATION_METHODS) {
			const original = methods[name].bind(page);
			methods[name] = async (...args: unknown[]) => {
				const result = await original(...args);
				await this.schedule();
				return result;
			};
		}
	}

	/** Queue a check unless one is already waiting (it will see the newest page anyway). */
	schedule(): Promise<void> {
		if (!this.queued) {
			this.queued = true;
			this.chain = this.chain.then(async () => {
				this.queued = false;
				await this.check();
			});
		}
		return this.chain;
	}

	async finish(): Promise<void> {
		await this.chain;
		if (!this.page.isClosed()) await this.schedule();
	}

	/**
	 * axe is injected, then run; if the page navigates in between, the new document has no axe
	 * ("reading 'runPartial'" or "'utils'"). That is a race, not a finding: run it again on the settled page.
	 */
	private async analyze(page: Page) {
		for (let attempt = 1; ; attempt++) {
			try {
				return await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
			} catch (err) {
				const lost = /runPartial|axe is not defined|reading 'utils'/.test(err instanceof Error ? err.message : String(err));
				if (!lost || attempt === 3) throw err;
				await page.waitForLoadState('load', { timeout: 15_000 });
			}
		}
	}

	private async check(): Promise<void> {
		const page = this.page;
		if (page.isClosed()) return;
		try {
			await page.waitForLoadState('load', { timeout: 15_000 });
			// Two animation frames (or 500 ms at most): SvelteKit has rendered the page it navigated to.
			await page.evaluate(
				() =>
					new Promise<void>((resolve) => {
						setTimeout(resolve, 500);
						requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
					})
			);
			const url = page.url();
			if (!checkable(url)) return;
			const html = await page.evaluate(() => document.documentElement.outerHTML);
			if (this.lastChecked && this.lastChecked.url === url && this.lastChecked.html === html) return;
			const results = await this.analyze(page);
			this.lastChecked = { url, html };
			if (process.env.E2E_AXE_DEBUG) console.log(`axe: checked ${url} (${results.violations.length} violation(s))`);
			for (const violation of results.violations) {
				const impact = violation.impact ?? 'unknown';
				if (!FAILING_IMPACTS.has(impact)) continue;
				const finding: AxeFinding = {
					url,
					id: violation.id,
					impact,
					help: violation.help,
					helpUrl: violation.helpUrl,
					targets: violation.nodes.map((node) => node.target.map(String).join(' '))
				};
				const key = (f: AxeFinding) => `${new URL(f.url).pathname} ${f.id} ${f.targets.join(',')}`;
				if (!this.findings.some((f) => key(f) === key(finding))) this.findings.push(finding);
			}
		} catch (err) {
			if (page.isClosed() || isInterruption(err)) return;
			this.errors.push(`${page.url()}: ${err instanceof Error ? err.message : String(err)}`);
		}
	}
}

function report(findings: AxeFinding[]): string {
	const lines = findings.map(
		(f) =>
			`- [${f.impact}] ${f.id}: ${f.help}\n    page: ${f.url}\n    elements: ${f.targets.join(' | ')}\n    more: ${f.helpUrl}`
	);
	return `Accessibility (axe) found ${findings.length} serious or critical problem(s):\n${lines.join('\n')}`;
}

export const test = base.extend<{ context: BrowserContext }>({
	// Wrapping the context covers `page` and any other page the test opens in it.
	context: async ({ context }, use, testInfo) => {
		const watched: PageAuditor[] = [];
		const watch = (page: Page) => watched.push(new PageAuditor(page));
		context.pages().forEach(watch);
		context.on('page', watch);

		await use(context);

		await Promise.all(watched.map((auditor) => auditor.finish()));
		const findings = watched.flatMap((auditor) => auditor.findings);
		const errors = watched.flatMap((auditor) => auditor.errors);
		if (findings.length) {
			await testInfo.attach('axe-violations.json', {
				body: JSON.stringify(findings, null, 2),
				contentType: 'application/json'
			});
		}
		// Don't bury the test's own failure under the accessibility report.
		if (testInfo.status !== testInfo.expectedStatus) return;
		if (errors.length) throw new Error(`The accessibility check could not run:\n${errors.join('\n')}`);
		if (findings.length) throw new Error(report(findings));
	}
});

/** Signs in through the form, like a person would, and waits until the app has moved on. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
	await page.goto('/sign-in');
	await page.locator('input[name="username"]').fill(username);
	await page.locator('input[name="password"]').fill(password);
	await Promise.all([
		page.waitForURL((url) => url.pathname !== '/sign-in', { timeout: 15_000 }),
		page.getByRole('button', { name: 'Sign in', exact: true }).click()
	]);
	await checkAccessibility(page);
}

/**
 * A raw form POST (application/x-www-form-urlencoded) with an Origin header, as a browser would
 * send it without JavaScript, without following redirects so the test sees the 303 itself.
 * It asks for HTML: to a request accepting anything, or JSON, SvelteKit answers as it answers
 * use:enhance (JSON, with redirects as a 200 body). Pass `accept: 'application/json'` for that.
 */
export async function postForm(
	request: APIRequestContext,
	path: string,
	fields: Record<string, string>,
	options: { origin?: string | null; headers?: Record<string, string> } = {}
): Promise<APIResponse> {
	const origin = options.origin === undefined ? ORIGIN : options.origin;
	const headers: Record<string, string> = { accept: 'text/html,application/xhtml+xml', ...options.headers };
	if (origin !== null) headers.origin = origin;
	return request.post(path, { form: fields, headers, maxRedirects: 0 });
}

/** A clear 4xx for bad input, never a 5xx, and nothing of the server's insides in the answer. */
export async function expect4xx(response: APIResponse, label: string): Promise<void> {
	const status = response.status();
	const body = await response.text();
	expect(status, `${label}: ${body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
	expect(status, `${label}: ${body.slice(0, 200)}`).toBeLessThan(500);
	expect(body, `${label}: no internals`).not.toMatch(/node_modules|\bat \S+ \(|\.svelte-kit\//);
}
