import { describe, expect, it } from 'vitest';
import { AFC_APPROVAL_BANDS } from '../demo/seed';
import { approvalBandFor, bandProblems, totalContractValuePence } from './approvals';

const approver = (pence: number) => approvalBandFor(AFC_APPROVAL_BANDS, pence)?.approver;

describe('approval route with the Achieving for Children bands', () => {
	it('sends values under £500 to a line manager', () => {
		expect(approver(0)).toBe('Line manager');
		expect(approver(49_999)).toBe('Line manager'); // £499.99
	});
	it('sends £500 to £49,999 to the head of service', () => {
		expect(approver(50_000)).toBe('Head of service'); // £500.00
		expect(approver(4_999_999)).toBe('Head of service'); // £49,999.99
	});
	it('sends £50,000 to £500,000 to the senior leadership team', () => {
		expect(approver(5_000_000)).toBe('Senior leadership team'); // £50,000.00
		expect(approver(50_000_000)).toBe('Senior leadership team'); // £500,000.00 exactly
	});
	it('sends anything over £500,000 to the board', () => {
		expect(approver(50_000_001)).toBe('The board'); // £500,000.01
		expect(approver(10_000_000_000)).toBe('The board');
	});
});

describe('other organisations’ bands', () => {
	it('follow whatever the admin set, e.g. Warwickshire’s joint commissioning board over £30,000', () => {
		const warwickshire = [
			{ fromPence: 0, toPence: 3_000_001, approver: 'Head of service' },
			{ fromPence: 3_000_001, toPence: null, approver: 'Joint commissioning board' }
		];
		expect(approvalBandFor(warwickshire, 3_000_000)?.approver).toBe('Head of service');
		expect(approvalBandFor(warwickshire, 3_000_001)?.approver).toBe('Joint commissioning board');
		expect(bandProblems(warwickshire)).toEqual([]);
	});
	it('find nothing in a gap, and say what is wrong with the bands', () => {
		const gappy = [
			{ fromPence: 100, toPence: 500, approver: 'A' },
			{ fromPence: 600, toPence: 700, approver: '' }
		];
		expect(approvalBandFor(gappy, 550)).toBeNull();
		expect(bandProblems(gappy)).toEqual([
			'The first band must start at £0.',
			'Band 2 must start where band 1 ends.',
			'Band 2 needs an approver.',
			'The last band must have no upper limit.'
		]);
		expect(bandProblems(AFC_APPROVAL_BANDS)).toEqual([]);
	});
});

describe('total contract value', () => {
	it('is the annual value over the contract length', () => {
		expect(totalContractValuePence(12_000_000, 36)).toBe(36_000_000);
		expect(totalContractValuePence(100, 1)).toBe(8); // 8.33p rounds to 8p
	});
});
