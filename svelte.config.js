import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// `vite dev` injects component styles inline; built apps never need that.
const dev = process.argv.includes('dev');
// SvelteKit's route announcer (for screen readers after client-side navigation) carries this one
// inline style; 'unsafe-hashes' with its hash allows exactly that attribute and nothing else.
// app.css hides #svelte-announcer too, in case a SvelteKit update changes the string.
// BUILD_NAME=x builds into build-x (and .svelte-kit-x) so parallel test runs don't share a build.
const buildName = process.env.BUILD_NAME && /^[a-z0-9]+$/.test(process.env.BUILD_NAME) ? process.env.BUILD_NAME : '';
const announcerStyle = "'sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo='";

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ precompress: true, out: buildName ? `build-${buildName}` : 'build' }),
		outDir: buildName ? `.svelte-kit-${buildName}` : '.svelte-kit',
		// Nonces on server-rendered pages, hashes on prerendered ones. Extra headers live in hooks.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': dev ? ['self', 'unsafe-inline'] : ['self', 'unsafe-hashes', announcerStyle],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'manifest-src': ['self'],
				'worker-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['none'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		},
		serviceWorker: { register: true },
		version: { pollInterval: 0 }
	}
};

export default config;
