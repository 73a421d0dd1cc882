import { describe, expect, it } from 'vitest';
import { generateCode, hashCode, normaliseCode, qrDataUrl } from './codes';

describe('invitation codes', () => {
	it('are ten unambiguous characters in two groups', () => {
		for (let i = 0; i < 200; i++) expect(generateCode()).toMatch(/^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$/);
	});

	it('are read back however they are typed', () => {
		expect(normaliseCode(' k7qmx 2pa9d ')).toBe('K7QMX2PA9D');
		expect(normaliseCode('K7QMX-2PA9D')).toBe('K7QMX2PA9D');
	});

	it('refuse anything that cannot be a code', () => {
		expect(normaliseCode('K7QMX-2PA9')).toBeNull();
		expect(normaliseCode('K7QMX-2PA9O')).toBeNull(); // O is never used
		expect(normaliseCode("'; drop table users; --")).toBeNull();
		expect(normaliseCode('x'.repeat(10_000))).toBeNull();
	});

	it('are stored only as a hash', () => {
		expect(hashCode('K7QMX2PA9D')).toMatch(/^[0-9a-f]{64}$/);
		expect(hashCode('K7QMX2PA9D')).not.toContain('K7QMX');
	});

	it('make a QR code as an SVG data URL', async () => {
		const url = await qrDataUrl('http://localhost:3000/join/K7QMX-2PA9D');
		expect(url.startsWith('data:image/svg+xml;base64,')).toBe(true);
		expect(Buffer.from(url.split(',')[1], 'base64').toString()).toContain('<svg');
	});
});
