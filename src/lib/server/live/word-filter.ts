// Keeps the big screen clean: a small list of swear words and slurs, matched on whole words after
// undoing the usual disguises (capitals, accents, digits and symbols for letters, stretched
// letters, letters spaced out). Whole words only, so "Scunthorpe", "class" and "assess" pass.
// It is a first line, not the only one: ideas still wait for the champion's approval, and the
// champion can hide any word from the screen.

export const FILTER_MESSAGE = 'Please choose different words – this one can’t go on the screen';

// Lower-case, ASCII. Plurals and -ing/-er/-ed forms are tried by stripping endings, below. Words
// with an everyday meaning too (cock, tits, homo, rape, spic-es) are left to the champion.
const BLOCKED = new Set([
	// swearing
	'fuck', 'fucking', 'fucker', 'fucked', 'fuckin', 'fck', 'fuk', 'fukin', 'motherfucker', 'mofo', 'wtf', 'stfu',
	'shit', 'shite', 'shitty', 'bullshit', 'horseshit', 'shithead', 'shithole',
	'cunt', 'twat', 'wanker', 'wank', 'tosser', 'bellend', 'knobhead', 'dickhead', 'dick', 'cocksucker',
	'bollocks', 'bitch', 'bastard', 'arsehole', 'asshole', 'arse', 'piss', 'pissed', 'slut', 'whore', 'pussy',
	'porn', 'porno', 'nudes', 'boobs', 'dildo', 'jizz', 'blowjob', 'handjob',
	// slurs
	'nigger', 'nigga', 'niga', 'paki', 'chink', 'gook', 'kike', 'wog', 'coon', 'golliwog', 'raghead', 'towelhead',
	'gyppo', 'pikey', 'faggot', 'fagot', 'faggit', 'dyke', 'tranny', 'shemale', 'lesbo', 'poof', 'poofter',
	'retard', 'retarded', 'spastic', 'spaz', 'spacker', 'mong', 'mongoloid', 'nonce', 'paedo', 'pedo',
	// to someone's face
	'kys'
]);

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g', '@': 'a', $: 's', '€': 'e', '£': 'l' };

/** Lower-case ASCII letters and spaces: accents gone, look-alike digits and symbols read as letters. */
function normalise(text: string, one: 'i' | 'l'): string {
	const plain = text
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		// "!" and "|" stand for i or l only between letters, so "shit!" is still caught.
		.replace(/(?<=[a-z0-9@$])[!|](?=[a-z0-9@$])/g, one)
		.replace(/[0-9@$€£]/g, (c) => (c === '1' ? one : (LEET[c] ?? c)));
	return plain.replace(/[^a-z]+/g, ' ').trim();
}

// "fuuuuck": three or more of a letter read as one (two stay two: "shiite" is a word).
const squeeze = (word: string) => word.replace(/(.)\1{2,}/g, '$1');
// Few endings, and only on a stem of three letters or more: "-y" would catch "spicy".
const ENDINGS = ['s', 'es', 'ing', 'er', 'ers', 'ed'];

function blockedWord(word: string): boolean {
	if (!word) return false;
	for (const w of new Set([word, squeeze(word)])) {
		if (BLOCKED.has(w)) return true;
		for (const end of ENDINGS) if (w.length > end.length + 2 && w.endsWith(end) && BLOCKED.has(w.slice(0, -end.length))) return true;
	}
	return false;
}

/** True when the text has a word that can't go on the screen. */
export function isBlocked(text: string): boolean {
	for (const one of ['i', 'l'] as const) {
		const words = normalise(text, one).split(' ');
		if (words.some(blockedWord)) return true;
		// Spelled out with gaps ("f u c k", "f.u.c.k"): runs of single letters read as one word.
		let run = '';
		for (const w of [...words, '']) {
			if (w.length === 1) run += w;
			else {
				if (run.length > 2 && blockedWord(run)) return true;
				run = '';
			}
		}
	}
	return false;
}
