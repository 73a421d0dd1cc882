import { describe, expect, it } from 'vitest';
import { safeNext } from './redirects';

describe('safeNext', () => {
	it('follows same-site paths', () => {
		expect(safeNext('/staff/participants?q=a')).toBe('/staff/participants?q=a');
	});
	it('refuses other hosts and odd forms of them', () => {
		for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', '/ok\n', '', null, '/' + 'a'.repeat(600)]) {
			expect(safeNext(bad)).toBeNull();
		}
	});
});
