import { describe, expect, it } from 'vitest';
import { atomFeed, escapeXml } from './open-data';

describe('escapeXml', () => {
	it('escapes markup and drops characters XML forbids', () => {
		expect(escapeXml(`<a href="x">Tom & Jerry's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;');
		expect(escapeXml('bell\u0007 nul\u0000 tab\t ok 🎉')).toBe('bell nul tab\t ok 🎉');
	});
});

describe('atomFeed', () => {
	it('writes absolute, escaped entries', () => {
		const xml = atomFeed(
			[{ path: '/projects/a-b#you-said-x', title: 'A <b>&</b>', summary: '"quoted"', published: '2026-01-01T00:00:00.000Z', updated: '2026-01-02T00:00:00.000Z' }],
			'https://example.gov.uk'
		);
		expect(xml).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
		expect(xml).toContain('<id>https://example.gov.uk/projects/a-b#you-said-x</id>');
		expect(xml).toContain('<title type="text">A &lt;b&gt;&amp;&lt;/b&gt;</title>');
		expect(xml).toContain('<summary type="text">&quot;quoted&quot;</summary>');
		expect(xml).toContain('<updated>2026-01-02T00:00:00.000Z</updated>');
		expect(xml).not.toContain('<b>');
	});

	it('is valid with no entries', () => {
		const xml = atomFeed([], 'https://example.gov.uk', new Date('2026-01-01T00:00:00Z'));
		expect(xml).toContain('<updated>2026-01-01T00:00:00.000Z</updated>');
		expect(xml).not.toContain('<entry>');
	});
});
