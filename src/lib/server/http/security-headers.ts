import type { Handle } from '@sveltejs/kit';

// The CSP itself comes from kit.csp (svelte.config.js) so SvelteKit can add nonces and hashes.
const PRIVATE_PREFIXES = ['/staff', '/me', '/account', '/join', '/sign-in'];

export const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const h = response.headers;
	h.set('X-Content-Type-Options', 'nosniff');
	h.set('Referrer-Policy', 'same-origin');
	h.set('X-Frame-Options', 'DENY');
	h.set('Cross-Origin-Opener-Policy', 'same-origin');
	h.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
	if (event.url.protocol === 'https:') h.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
	const path = event.url.pathname;
	if (event.locals.user || PRIVATE_PREFIXES.some((p) => path === p || path.startsWith(p + '/'))) {
		h.set('Cache-Control', 'no-store');
	}
	return response;
};
