// Rendered on request (not prerendered) so the hooks' security headers apply to it too.
// The service worker fetches it once at install and shows it when a navigation fails.
export const prerender = false;
export const ssr = true;
