import { describe, expect, it } from 'vitest';
import { ageOn, can, canJoinPanelOrVisit, homePath, needsParentalConsent, rolesAreValid } from './policy';

const today = new Date('2026-11-22T12:00:00Z');

describe('ageOn', () => {
	it('counts a birthday as reached only once its month is over', () => {
		expect(ageOn('2010-10-01', today)).toBe(16);
		expect(ageOn('2010-11-01', today)).toBe(15); // turns 16 some time this month: not yet certain
		expect(ageOn('2010-12-01', today)).toBe(15);
	});
});

describe('parental consent for panels and visits', () => {
	const young = (birthMonth: string | null) => ({ roles: ['young_person'] as const, birthMonth });

	it('is needed under the consent age, and when the age is not known', () => {
		expect(needsParentalConsent(young('2012-01-01'), 16, today)).toBe(true);
		expect(needsParentalConsent(young(null), 16, today)).toBe(true);
		expect(needsParentalConsent(young('2009-01-01'), 16, today)).toBe(false);
	});

	it('is never needed for parents and carers', () => {
		expect(needsParentalConsent({ roles: ['parent_carer'], birthMonth: null }, 16, today)).toBe(false);
	});

	it('follows the organisation’s consent age', () => {
		expect(needsParentalConsent(young('2012-01-01'), 13, today)).toBe(false);
		expect(needsParentalConsent(young('2012-01-01'), 18, today)).toBe(true);
	});

	it('blocks an under-age young person from a panel until consent is recorded', () => {
		const leo = young('2013-06-01');
		expect(canJoinPanelOrVisit(leo, 16, false, today)).toBe(false);
		expect(canJoinPanelOrVisit(leo, 16, true, today)).toBe(true);
	});

	it('never lets a disabled account or a staff member join as a participant', () => {
		expect(canJoinPanelOrVisit({ ...young('2000-01-01'), disabled: true }, 16, true, today)).toBe(false);
		expect(canJoinPanelOrVisit({ roles: ['officer'], birthMonth: null }, 16, true, today)).toBe(false);
	});
});

describe('permissions', () => {
	it('gives each role only its own functions', () => {
		expect(can({ roles: ['young_person'] }, 'staff:home')).toBe(false);
		expect(can({ roles: ['champion'] }, 'invitations:manage')).toBe(true);
		expect(can({ roles: ['officer'] }, 'invitations:manage')).toBe(false);
		expect(can({ roles: ['champion'] }, 'staff:manage')).toBe(false);
		expect(can({ roles: ['admin'] }, 'staff:manage')).toBe(true);
		expect(can({ roles: ['officer', 'champion'] }, 'consent:record')).toBe(true);
		expect(can(null, 'participant:home')).toBe(false);
	});

	it('sends staff and participants to their own start pages', () => {
		expect(homePath({ roles: ['parent_carer'] })).toBe('/me');
		expect(homePath({ roles: ['officer'] })).toBe('/staff');
	});

	it('allows several staff roles but never a mix with participant roles', () => {
		expect(rolesAreValid(['officer', 'champion'])).toBe(true);
		expect(rolesAreValid(['young_person'])).toBe(true);
		expect(rolesAreValid(['young_person', 'parent_carer'])).toBe(false);
		expect(rolesAreValid(['young_person', 'admin'])).toBe(false);
		expect(rolesAreValid([])).toBe(false);
		expect(rolesAreValid(['admin', 'admin'])).toBe(false);
	});
});
