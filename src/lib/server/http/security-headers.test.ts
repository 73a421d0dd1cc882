import { describe, expect, it } from 'vitest';
import type { Cookies, RequestEvent } from '@sveltejs/kit';
import { securityHeaders } from './security-headers';
import { sessionCookieName, setSessionCookie } from '../auth/cookies';

function run(url: string, signedIn = false) {
	const event = { url: new URL(url), locals: { user: signedIn ? { id: 'u' } : null } } as unknown as RequestEvent;
	return securityHeaders({ event, resolve: async () => new Response('ok') });
}

describe('security headers', () => {
	it('sends HSTS only over https', async () => {
		expect((await run('https://coproduce.example/')).headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
		expect((await run('http://localhost:3000/')).headers.get('strict-transport-security')).toBeNull();
	});
	it('always sends nosniff, a referrer policy and no framing, and no location access', async () => {
		const h = (await run('http://localhost:3000/')).headers;
		expect(h.get('x-content-type-options')).toBe('nosniff');
		expect(h.get('referrer-policy')).toBe('same-origin');
		expect(h.get('x-frame-options')).toBe('DENY');
		expect(h.get('permissions-policy')).toContain('geolocation=()');
	});
	it('keeps signed-in and account pages out of caches', async () => {
		expect((await run('http://localhost:3000/', true)).headers.get('cache-control')).toBe('no-store');
		expect((await run('http://localhost:3000/join/ABCDE-FGHJK')).headers.get('cache-control')).toBe('no-store');
		expect((await run('http://localhost:3000/projects')).headers.get('cache-control')).toBeNull();
	});
});

describe('the session cookie', () => {
	function capture(url: string) {
		const set: { name: string; options: Record<string, unknown> }[] = [];
		const cookies = { set: (name: string, _value: string, options: Record<string, unknown>) => set.push({ name, options }) } as unknown as Cookies;
		setSessionCookie(cookies, new URL(url), 'token', new Date(Date.now() + 1000));
		return set[0];
	}
	it('is Secure with the __Host- prefix over https', () => {
		const c = capture('https://coproduce.example/sign-in');
		expect(c.name).toBe('__Host-session');
		expect(c.options).toMatchObject({ httpOnly: true, sameSite: 'lax', secure: true, path: '/' });
	});
	it('is HttpOnly and SameSite=Lax on a developer’s plain-http localhost', () => {
		const c = capture('http://localhost:3000/sign-in');
		expect(c.name).toBe(sessionCookieName(new URL('http://localhost:3000/')));
		expect(c.options).toMatchObject({ httpOnly: true, sameSite: 'lax', secure: false });
	});
});
