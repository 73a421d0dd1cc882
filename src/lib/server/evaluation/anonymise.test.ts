import { describe, expect, it } from 'vitest';
import { highlight, identityTraces, type BidderIdentity } from './anonymise';

const bidder: BidderIdentity = {
	bidderName: 'Brightwater Youth Trust Ltd',
	contactName: 'Ophelia Quenby',
	contactEmail: 'o.quenby@brightwater-trust.org.uk',
	contactPhone: '01632 960 123'
};

const found = (text: string) => identityTraces(text, bidder).map((t) => [t.kind, t.text]);

describe('finding the bidder in an anonymised answer', () => {
	it('finds the full name and its distinctive words, in any case or spacing', () => {
		expect(found('At BRIGHTWATER  youth-trust we listen.')).toEqual([['bidder name', 'BRIGHTWATER  youth-trust']]);
		expect(found('Our Brightwater mentors meet weekly.')).toEqual([['bidder name', 'Brightwater']]);
	});

	it('ignores the common words of the name ("Youth", "Trust", "Ltd") on their own', () => {
		expect(found('Every youth worker is trained; the trust of young people matters. We are a Ltd company.')).toEqual([]);
	});

	it('finds the contact’s name, surname alone, email, its domain name and the phone however written', () => {
		expect(found('Contact Ophelia Quenby on +44 (0)1632-960123 or o.quenby@brightwater-trust.org.uk.')).toEqual([
			['contact name', 'Ophelia Quenby'],
			['phone', '+44 (0)1632-960123'],
			['email', 'o.quenby@brightwater-trust.org.uk']
		]);
		expect(found('Ask Ms Quenby.')).toEqual([['contact name', 'Quenby']]);
		expect(found('Call 01632960123 any time.')).toEqual([['phone', '01632960123']]);
	});

	it('finds any email or web address at all, since a panel never needs one', () => {
		expect(found('See www.example.org/about or write to help@example.org.')).toEqual([
			['web address', 'www.example.org/about'],
			['email', 'help@example.org']
		]);
	});

	it('does not match inside other words', () => {
		expect(found('The Brightwaters estate and Quenbys Lane are nearby.')).toEqual([]);
	});

	it('clean text has no traces, and highlighting splits text around each trace', () => {
		expect(found('We will run evening sessions in three youth centres.')).toEqual([]);
		const text = 'Hello from Brightwater, thanks.';
		expect(highlight(text, identityTraces(text, bidder)).map((p) => [p.text, !!p.trace])).toEqual([
			['Hello from ', false],
			['Brightwater', true],
			[', thanks.', false]
		]);
	});
});
