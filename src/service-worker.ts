/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />

// App shell cache and offline page, and delivery of survey answers queued on the phone
// (IndexedDB, idempotency keys) when background sync says the connection is back.
//
// Privacy rule: the only things ever cached are the build output, the files in static/ and
// the /offline page. Pages people see (HTML with their data), /api/ and /healthz responses
// are never put in a cache.

import { base, build, files, version } from '$service-worker';
import { flushQueue, SYNC_TAG } from '$lib/client/offline-queue';

const sw = self as unknown as ServiceWorkerGlobalScope;

const CACHE_PREFIX = 'coproduce-shell-';
const CACHE = `${CACHE_PREFIX}${version}`;
const OFFLINE_PATH = `${base}/offline`;

/** Build output and static/ files: safe to serve cache-first, replaced per deploy. */
const ASSETS = new Set([...build, ...files]);

/** Paths the worker never touches, even for navigations. */
function isBypassed(pathname: string): boolean {
	return (
		pathname === `${base}/api` ||
		pathname.startsWith(`${base}/api/`) ||
		pathname === `${base}/healthz` ||
		pathname.startsWith(`${base}/healthz/`)
	);
}

async function cacheOfflinePage(cache: Cache): Promise<void> {
	// credentials: 'omit' so the cached copy is rendered for nobody in particular, never with
	// the signed-in person's name or data from the layout.
	const response = await fetch(
		new Request(OFFLINE_PATH, { credentials: 'omit', cache: 'no-store', redirect: 'error' })
	);
	if (!response.ok) throw new Error(`offline page answered ${response.status}`);
	await cache.put(OFFLINE_PATH, response);
}

sw.addEventListener('install', (event) => {
	event.waitUntil(
		(async () => {
			const cache = await caches.open(CACHE);
			await Promise.all([cache.addAll([...ASSETS]), cacheOfflinePage(cache)]);
			await sw.skipWaiting();
		})()
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) {
				if (key !== CACHE) await caches.delete(key);
			}
			await sw.clients.claim();
		})()
	);
});

async function cacheFirst(request: Request, pathname: string): Promise<Response> {
	const cache = await caches.open(CACHE);
	const cached = await cache.match(pathname);
	if (cached) return cached;

	const response = await fetch(request);
	// Only build/static assets reach here, so a copy is safe to keep.
	if (response.ok && response.type === 'basic') {
		await cache.put(pathname, response.clone());
	}
	return response;
}

async function networkFirstNavigation(request: Request): Promise<Response> {
	try {
		// Straight from the network and never cached: pages can hold personal data.
		return await fetch(request);
	} catch {
		const cache = await caches.open(CACHE);
		const offline = await cache.match(OFFLINE_PATH);
		return offline ?? new Response('You are offline.', {
			status: 503,
			headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }
		});
	}
}

sw.addEventListener('fetch', (event) => {
	const { request } = event;
	if (request.method !== 'GET') return;

	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;
	if (isBypassed(url.pathname)) return;

	if (ASSETS.has(url.pathname) && url.search === '') {
		event.respondWith(cacheFirst(request, url.pathname));
		return;
	}

	if (request.mode === 'navigate') {
		event.respondWith(networkFirstNavigation(request));
	}
	// Everything else (__data.json, form results, event streams) goes to the network as normal.
});

/** Background sync: send queued survey answers; failing leaves them queued and asks to be retried. */
sw.addEventListener('sync', ((event: Event & { tag: string; waitUntil(p: Promise<unknown>): void }) => {
	if (event.tag !== SYNC_TAG) return;
	event.waitUntil(
		flushQueue().then((results) => {
			if (results.some((r) => r.result === 'waiting')) throw new Error('still waiting');
		})
	);
}) as EventListener);
