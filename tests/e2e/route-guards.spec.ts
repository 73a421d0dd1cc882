import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import type { APIRequestContext, APIResponse } from '@playwright/test';
import { test as base, expect, postForm, BASE_URL, ORIGIN, DEMO } from './fixtures';

// Every route file behind a login is found on disk and proved to refuse the wrong people: signed-out
// visitors are sent to sign in, and the wrong role gets 403, for every page and every form action.
// A new route is covered the moment its file exists.

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ROUTES = join(ROOT, 'src', 'routes');
const SRC_LIB = join(ROOT, 'src', 'lib');
const FAKE_ID = 'zzzzzzzzzzzzzzzz';

type Group = 'staff' | 'participant' | 'account';
const GROUPS: Group[] = ['staff', 'participant', 'account'];

interface RouteEntry {
	group: Group;
	/** e.g. src/routes/(staff)/staff/users/[id] */
	dir: string;
	url: string;
	kind: 'page' | 'endpoint';
	/** Form action names; 'default' is a plain POST to the page. */
	actions: string[];
	/** Methods exported by a +server.ts. */
	methods: string[];
}

function walk(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		return entry.isDirectory() ? walk(path) : [path];
	});
}

/** `(staff)/staff/users/[id]` → `/staff/users/zzzzzzzzzzzzzzzz`. */
function toUrl(routeDir: string): string {
	const segments = relative(ROUTES, routeDir)
		.split(sep)
		.filter((segment) => segment && !/^\(.+\)$/.test(segment) && !/^\[\[.+\]\]$/.test(segment))
		.map((segment) => segment.replace(/\[(?:\.\.\.)?[^\]]+\]/g, FAKE_ID));
	return '/' + segments.join('/');
}

// --- Reading action names with the TypeScript parser (object literals, spreads, imported objects).

function parse(file: string): ts.SourceFile {
	return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

function unwrap(node: ts.Expression): ts.Expression {
	while (
		ts.isAsExpression(node) ||
		ts.isSatisfiesExpression(node) ||
		ts.isParenthesizedExpression(node) ||
		ts.isTypeAssertionExpression(node)
	) {
		node = node.expression;
	}
	return node;
}

function resolveModule(from: string, specifier: string): string | null {
	let base: string;
	if (specifier.startsWith('$lib/')) base = join(SRC_LIB, specifier.slice('$lib/'.length));
	else if (specifier === '$lib') base = SRC_LIB;
	else if (specifier.startsWith('.')) base = resolve(dirname(from), specifier);
	else return null;
	const candidates = [base, `${base}.ts`, `${base}.js`, join(base, 'index.ts'), join(base, 'index.js')];
	if (base.endsWith('.js')) candidates.unshift(base.replace(/\.js$/, '.ts'));
	return candidates.find((candidate) => existsSync(candidate) && !candidate.endsWith(sep)) ?? null;
}

/** Finds what `name` is bound to in `file`: a local `const`, or an import to follow. */
function findBinding(file: string, name: string, depth: number): { file: string; init: ts.Expression } | null {
	if (depth > 5) return null;
	const source = parse(file);
	for (const statement of source.statements) {
		if (ts.isVariableStatement(statement)) {
			for (const declaration of statement.declarationList.declarations) {
				if (ts.isIdentifier(declaration.name) && declaration.name.text === name && declaration.initializer) {
					return { file, init: declaration.initializer };
				}
			}
		}
		if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
			const bindings = statement.importClause?.namedBindings;
			if (!bindings || !ts.isNamedImports(bindings)) continue;
			for (const element of bindings.elements) {
				if (element.name.text !== name) continue;
				const target = resolveModule(file, statement.moduleSpecifier.text);
				if (!target) return null;
				return findBinding(target, (element.propertyName ?? element.name).text, depth + 1);
			}
		}
	}
	return null;
}

function actionNames(file: string, init: ts.Expression, depth = 0): string[] | null {
	const node = unwrap(init);
	if (ts.isIdentifier(node)) {
		const binding = findBinding(file, node.text, depth + 1);
		return binding ? actionNames(binding.file, binding.init, depth + 1) : null;
	}
	if (!ts.isObjectLiteralExpression(node)) return null;
	const names: string[] = [];
	for (const property of node.properties) {
		if (ts.isSpreadAssignment(property)) {
			const spread = actionNames(file, property.expression, depth + 1);
			if (!spread) return null;
			names.push(...spread);
			continue;
		}
		const name = property.name;
		if (!name) return null;
		if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) names.push(name.text);
		else return null;
	}
	return names;
}

function exportedActions(file: string): string[] {
	const source = parse(file);
	for (const statement of source.statements) {
		if (!ts.isVariableStatement(statement)) continue;
		const exported = statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
		if (!exported) continue;
		for (const declaration of statement.declarationList.declarations) {
			if (!ts.isIdentifier(declaration.name) || declaration.name.text !== 'actions' || !declaration.initializer) continue;
			const names = actionNames(file, declaration.initializer);
			if (!names || names.length === 0) {
				throw new Error(`route-guards: couldn't read the action names in ${relative(ROOT, file)}; teach this spec the new pattern.`);
			}
			return names;
		}
	}
	if (/export\s+(const|let|var)\s+actions\b|export\s*\{[^}]*\bactions\b/.test(source.text)) {
		throw new Error(`route-guards: ${relative(ROOT, file)} exports actions in a way this spec can't read.`);
	}
	return [];
}

function exportedMethods(file: string): string[] {
	const text = readFileSync(file, 'utf8');
	const methods = new Set<string>();
	for (const match of text.matchAll(/export\s+(?:const|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|fallback)\b/g)) {
		methods.add(match[1]);
	}
	for (const match of text.matchAll(/export\s*\{([^}]*)\}/g)) {
		for (const part of match[1].split(',')) {
			const exportedAs = part.trim().split(/\s+as\s+/).pop()?.trim();
			if (exportedAs && /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|fallback)$/.test(exportedAs)) methods.add(exportedAs);
		}
	}
	return [...methods];
}

function discoverRoutes(): RouteEntry[] {
	const byDir = new Map<string, RouteEntry>();
	for (const group of GROUPS) {
		const groupDir = join(ROUTES, `(${group})`);
		if (!existsSync(groupDir)) continue;
		for (const file of walk(groupDir)) {
			const name = file.slice(file.lastIndexOf(sep) + 1);
			if (!/^\+(page\.svelte|page\.server\.(ts|js)|server\.(ts|js))$/.test(name)) continue;
			const dir = dirname(file);
			const kind = name.startsWith('+server') ? 'endpoint' : 'page';
			const key = `${dir}#${kind}`;
			const entry = byDir.get(key) ?? { group, dir: relative(ROOT, dir), url: toUrl(dir), kind, actions: [], methods: [] };
			if (name.startsWith('+page.server')) entry.actions = exportedActions(file);
			if (kind === 'endpoint') entry.methods = exportedMethods(file);
			byDir.set(key, entry);
		}
	}
	return [...byDir.values()].sort((a, b) => a.url.localeCompare(b.url));
}

const routes = discoverRoutes();

// --- Signed-in request contexts, one per role per worker (signing in costs an argon2 hash).

type Who = 'jay' | 'officer' | 'champion';

async function signedInRequest(playwright: { request: { newContext(o: { baseURL: string }): Promise<APIRequestContext> } }, who: Who) {
	const request = await playwright.request.newContext({ baseURL: BASE_URL });
	const account = DEMO[who];
	const response = await postForm(request, '/sign-in', { username: account.username, password: account.password });
	expect(response.status(), `signing in as ${who}`).toBe(303);
	const state = await request.storageState();
	expect(state.cookies.some((cookie) => cookie.name === 'session'), `a session cookie for ${who}`).toBe(true);
	return request;
}

const test = base.extend<object, { as: Record<Who, APIRequestContext> }>({
	as: [
		async ({ playwright }, use) => {
			const contexts = {
				jay: await signedInRequest(playwright, 'jay'),
				officer: await signedInRequest(playwright, 'officer'),
				champion: await signedInRequest(playwright, 'champion')
			};
			await use(contexts);
			await Promise.all(Object.values(contexts).map((context) => context.dispose()));
		},
		{ scope: 'worker' }
	]
});

// --- Expectations

function describe(response: APIResponse): string {
	return `${response.status()} ${response.headers()['location'] ?? ''}`.trim();
}

/** Signed out: a 303 to sign in that brings the person back (401/403 accepted for endpoints and actions). */
function expectSentToSignIn(response: APIResponse, url: string, { allowDenied }: { allowDenied: boolean }) {
	const status = response.status();
	if (allowDenied && (status === 401 || status === 403)) return;
	expect(status, `${url} should send a signed-out visitor to sign in (got ${describe(response)})`).toBe(303);
	const location = response.headers()['location'] ?? '';
	expect(location, `${url} redirect`).toMatch(/^\/sign-in\?next=/);
	const next = new URL(location, ORIGIN).searchParams.get('next') ?? '';
	// A named action keeps its `?/name` in `next`; the path must be the page's own.
	expect(new URL(next, ORIGIN).pathname, `${url} redirect should remember where the person was going`).toBe(new URL(url, ORIGIN).pathname);
}

/** An enhanced (use:enhance) action request gets JSON; a redirect arrives as a JSON body with HTTP 200. */
async function expectEnhancedSentToSignIn(response: APIResponse, label: string) {
	const status = response.status();
	if (status === 401 || status === 403) return;
	expect(status, `${label}: ${describe(response)}`).toBe(200);
	const body = (await response.json()) as { type?: string; location?: string };
	expect(body.type, `${label} should redirect to sign in, got ${JSON.stringify(body)}`).toBe('redirect');
	expect(body.location ?? '').toMatch(/^\/sign-in\?next=/);
}

function actionPath(url: string, action: string): string {
	return action === 'default' ? url : `${url}?/${action}`;
}

function wrongRoleFor(group: Group): Who | null {
	if (group === 'staff') return 'jay';
	if (group === 'participant') return 'officer';
	return null;
}

// --- The tests

test('the route list is read from disk and covers the protected areas', () => {
	const urls = routes.map((route) => route.url);
	expect(routes.length).toBeGreaterThan(2);
	expect(urls).toContain('/staff');
	expect(urls).toContain('/me');
	expect(routes.some((route) => route.actions.length > 0), 'some protected page should have form actions').toBe(true);
});

for (const route of routes) {
	const label = `${route.dir} (${route.url})`;
	const wrongRole = wrongRoleFor(route.group);

	if (route.kind === 'page') {
		test.describe(label, () => {
			test('signed out: GET goes to sign in', async ({ playwright }) => {
				const request = await playwright.request.newContext({ baseURL: BASE_URL });
				try {
					const response = await request.get(route.url, { maxRedirects: 0 });
					expectSentToSignIn(response, route.url, { allowDenied: false });
				} finally {
					await request.dispose();
				}
			});

			if (wrongRole) {
				test(`wrong role (${wrongRole}): GET is refused with 403`, async ({ as }) => {
					const response = await as[wrongRole].get(route.url, { maxRedirects: 0 });
					expect(response.status(), `${wrongRole} GET ${route.url}: ${describe(response)}`).toBe(403);
				});
			}

			for (const action of route.actions) {
				const path = actionPath(route.url, action);

				test(`signed out: POST ${path} goes to sign in`, async ({ playwright }) => {
					const request = await playwright.request.newContext({ baseURL: BASE_URL });
					try {
						const plain = await postForm(request, path, {});
						expect(plain.status(), `POST ${path}`).toBeLessThan(500);
						expectSentToSignIn(plain, route.url, { allowDenied: true });

						const enhanced = await postForm(request, path, {}, { headers: { 'x-sveltekit-action': 'true', accept: 'application/json' } });
						expect(enhanced.status(), `enhanced POST ${path}`).toBeLessThan(500);
						await expectEnhancedSentToSignIn(enhanced, `enhanced POST ${path}`);
					} finally {
						await request.dispose();
					}
				});

				if (wrongRole) {
					test(`wrong role (${wrongRole}): POST ${path} is refused with 403`, async ({ as }) => {
						const plain = await postForm(as[wrongRole], path, {});
						expect(plain.status(), `${wrongRole} POST ${path}: ${describe(plain)}`).toBe(403);
						// As use:enhance sends it: the action itself must refuse, not just the page's load.
						const enhanced = await postForm(as[wrongRole], path, {}, { headers: { 'x-sveltekit-action': 'true', accept: 'application/json' } });
						expect(enhanced.status(), `${wrongRole} enhanced POST ${path}: ${await enhanced.text()}`).toBe(403);
					});
				}
			}
		});
	} else {
		test.describe(`${label} endpoint`, () => {
			for (const method of route.methods.filter((m) => m !== 'HEAD' && m !== 'OPTIONS')) {
				const httpMethod = method === 'fallback' ? 'GET' : method;
				test(`signed out: ${httpMethod} is refused`, async ({ playwright }) => {
					const request = await playwright.request.newContext({ baseURL: BASE_URL });
					try {
						const response = await request.fetch(route.url, { method: httpMethod, maxRedirects: 0, headers: { origin: ORIGIN } });
						expect(response.status(), `${httpMethod} ${route.url}`).toBeLessThan(500);
						expectSentToSignIn(response, route.url, { allowDenied: true });
					} finally {
						await request.dispose();
					}
				});
				if (wrongRole) {
					test(`wrong role (${wrongRole}): ${httpMethod} is refused with 403`, async ({ as }) => {
						const response = await as[wrongRole].fetch(route.url, { method: httpMethod, maxRedirects: 0, headers: { origin: ORIGIN } });
						expect(response.status(), `${wrongRole} ${httpMethod} ${route.url}: ${describe(response)}`).toBe(403);
					});
				}
			}
		});
	}
}

test.describe('admin-only and champion-only areas', () => {
	for (const url of ['/staff/users', '/staff/settings', '/staff/settings/bands', '/staff/audit']) {
		test(`a champion is refused ${url}`, async ({ as }) => {
			const response = await as.champion.get(url, { maxRedirects: 0 });
			expect(response.status(), `champion GET ${url}: ${describe(response)}`).toBe(403);
		});
	}

	test('an officer is refused /staff/invitations', async ({ as }) => {
		const response = await as.officer.get('/staff/invitations', { maxRedirects: 0 });
		expect(response.status(), `officer GET /staff/invitations: ${describe(response)}`).toBe(403);
	});

	test('the people refused above can reach their own areas', async ({ as }) => {
		expect((await as.champion.get('/staff', { maxRedirects: 0 })).status()).toBe(200);
		expect((await as.champion.get('/staff/invitations', { maxRedirects: 0 })).status()).toBe(200);
		expect((await as.officer.get('/staff', { maxRedirects: 0 })).status()).toBe(200);
		expect((await as.jay.get('/me', { maxRedirects: 0 })).status()).toBe(200);
	});

	// A presentation's place is shown to panel members beside the bid's letter: only officers, who
	// may see bidders' identities, set or clear it. A champion runs the rest of that page.
	for (const action of ['slot', 'clear']) {
		const path = `/staff/tenders/${FAKE_ID}/presentations?/${action}`;
		test(`a champion is refused POST ${path}`, async ({ as }) => {
			const fields = { bidId: FAKE_ID, startsAt: '2027-01-01T10:00', place: 'Room 1' };
			const plain = await postForm(as.champion, path, fields);
			expect(plain.status(), `champion POST ${path}: ${describe(plain)}`).toBe(403);
			const enhanced = await postForm(as.champion, path, fields, { headers: { 'x-sveltekit-action': 'true', accept: 'application/json' } });
			expect(enhanced.status(), `champion enhanced POST ${path}: ${await enhanced.text()}`).toBe(403);
		});
	}

	// Admin-only actions refuse a champion too, not only the pages.
	for (const url of ['/staff/users', '/staff/settings', '/staff/settings/bands']) {
		const file = routes.find((route) => route.url === url && route.kind === 'page');
		for (const action of file?.actions ?? []) {
			const path = actionPath(url, action);
			test(`a champion is refused POST ${path}`, async ({ as }) => {
				const response = await postForm(as.champion, path, {}, { headers: { 'x-sveltekit-action': 'true', accept: 'application/json' } });
				expect(response.status(), `champion POST ${path}: ${await response.text()}`).toBe(403);
			});
		}
	}
});
