// Open data and feed output: the same published facts as the portal, as JSON and Atom.
import type { FeedEntry, PublicProject, PublicProjectSummary } from './portal';

export const OPEN_DATA_HEADERS = {
	'cache-control': 'public, max-age=60',
	'access-control-allow-origin': '*'
} as const;

/** A project summary with its absolute addresses, for the JSON list. */
export function withLinks<T extends PublicProjectSummary | PublicProject>(project: T, origin: string) {
	return { ...project, url: `${origin}/projects/${project.slug}`, api: `${origin}/api/public/projects/${project.slug}` };
}

/** Text safe inside XML elements and attributes; characters XML 1.0 forbids are dropped. */
export function escapeXml(text: string): string {
	return text
		.replace(/[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&apos;');
}

/** An Atom 1.0 feed of published updates; every text is escaped, every address absolute. */
export function atomFeed(entries: readonly FeedEntry[], origin: string, now = new Date()): string {
	const updated = entries[0]?.updated ?? now.toISOString();
	const body = entries
		.map((e) => {
			const href = escapeXml(new URL(e.path, origin).href);
			return [
				'  <entry>',
				`    <id>${href}</id>`,
				`    <title type="text">${escapeXml(e.title)}</title>`,
				`    <link rel="alternate" type="text/html" href="${href}"/>`,
				`    <published>${escapeXml(e.published)}</published>`,
				`    <updated>${escapeXml(e.updated)}</updated>`,
				`    <summary type="text">${escapeXml(e.summary)}</summary>`,
				'  </entry>'
			].join('\n');
		})
		.join('\n');
	const home = escapeXml(new URL('/', origin).href);
	return [
		'<?xml version="1.0" encoding="utf-8"?>',
		'<feed xmlns="http://www.w3.org/2005/Atom">',
		`  <id>${home}</id>`,
		'  <title type="text">Coproduce: published updates</title>',
		'  <subtitle type="text">What is being commissioned and stopped, and what young people and parents said and what changed.</subtitle>',
		`  <link rel="self" type="application/atom+xml" href="${escapeXml(new URL('/feed.xml', origin).href)}"/>`,
		`  <link rel="alternate" type="text/html" href="${home}"/>`,
		`  <updated>${escapeXml(updated)}</updated>`,
		'  <author><name>Coproduce</name></author>',
		body,
		'</feed>',
		''
	]
		.filter((line) => line !== '')
		.join('\n') + '\n';
}
