import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from './passwords';

describe('password rules', () => {
	it('accepts 8 to 128 characters with no composition rules', () => {
		expect(passwordProblem('abcdefgh-long enough')).toBeNull();
		expect(passwordProblem('lower case words only here')).toBeNull();
		expect(passwordProblem('x'.repeat(7) + 'q')).toBeNull();
		expect(passwordProblem('é'.repeat(128))).toBeNull();
	});

	it('refuses too short and too long, counting characters not bytes', () => {
		expect(passwordProblem('short')).toMatch(/at least 8/);
		expect(passwordProblem('😀😀😀😀😀😀😀')).toMatch(/at least 8/);
		expect(passwordProblem('a'.repeat(129))).toMatch(/no more than 128/);
	});

	it('refuses common passwords, whatever the case', () => {
		expect(passwordProblem('password1')).toMatch(/most common/);
		expect(passwordProblem('QWERTYUIOP')).toMatch(/most common/);
		expect(passwordProblem('iloveyou123')).not.toBeNull();
	});

	it('refuses the product, organisation and person’s own names', () => {
		expect(passwordProblem('my-coproduce-pass')).toMatch(/name/);
		expect(passwordProblem('riverside2026!!', ['Riverside Borough Council'.split(' ')[0]])).toMatch(/name/);
		expect(passwordProblem('sunny-otter-42-pw', ['sunny-otter-42'])).toMatch(/name/);
	});
});

describe('argon2id hashing', () => {
	it('uses argon2id at or above the OWASP floor and verifies only the right password', async () => {
		const hash = await hashPassword('correct horse battery staple');
		expect(hash).toMatch(/^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=1\$/);
		const [, m, t] = hash.match(/m=(\d+),t=(\d+)/)!;
		expect(Number(m)).toBeGreaterThanOrEqual(19_456);
		expect(Number(t)).toBeGreaterThanOrEqual(2);
		expect(await verifyPassword(hash, 'correct horse battery staple')).toBe(true);
		expect(await verifyPassword(hash, 'correct horse battery stapl')).toBe(false);
		expect(await verifyPassword('not-a-hash', 'anything')).toBe(false);
	});

	it('does not truncate long passwords', async () => {
		const long = 'a'.repeat(100) + 'b';
		const hash = await hashPassword(long);
		expect(await verifyPassword(hash, 'a'.repeat(100) + 'c')).toBe(false);
	});
});
