import { describe, expect, it } from 'vitest';
import { blockSeconds, type ThrottleRule } from './throttle';

const backoff: ThrottleRule = { kind: 'backoff', free: 5, baseSeconds: 30, maxSeconds: 900, resetSeconds: 3600 };

describe('throttle rules', () => {
	it('gives five free tries, then doubles the wait up to fifteen minutes', () => {
		const now = new Date();
		expect([1, 2, 3, 4, 5].map((n) => blockSeconds(backoff, n, now, now))).toEqual([0, 0, 0, 0, 0]);
		expect([6, 7, 8, 9, 10, 11, 12].map((n) => blockSeconds(backoff, n, now, now))).toEqual([30, 60, 120, 240, 480, 900, 900]);
	});

	it('keeps an attacker well under 100 guesses an hour per account', () => {
		let t = 0;
		let guesses = 0;
		while (t < 3600) {
			guesses++;
			t += Math.max(1, blockSeconds(backoff, guesses, new Date(0), new Date(0)));
		}
		expect(guesses).toBeLessThan(20);
	});

	it('blocks an address until its window ends once it reaches the limit', () => {
		const rule: ThrottleRule = { kind: 'window', max: 3, windowSeconds: 900 };
		const start = new Date('2026-01-01T00:00:00Z');
		const now = new Date('2026-01-01T00:05:00Z');
		expect(blockSeconds(rule, 2, start, now)).toBe(0);
		expect(blockSeconds(rule, 3, start, now)).toBe(600);
	});
});
