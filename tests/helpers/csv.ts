// A tiny RFC 4180 reader, for checking what csv-stringify wrote (independently of it).
export function parseCsv(text: string): string[][] {
	const out: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	const s = text.replace(/^\uFEFF/, '');
	for (let i = 0; i < s.length; i++) {
		const c = s[i];
		if (quoted) {
			if (c === '"' && s[i + 1] === '"') (cell += '"'), i++;
			else if (c === '"') quoted = false;
			else cell += c;
		} else if (c === '"') quoted = true;
		else if (c === ',') row.push(cell), (cell = '');
		else if (c === '\n') row.push(cell), out.push(row), (row = []), (cell = '');
		else if (c !== '\r') cell += c;
	}
	if (cell || row.length) row.push(cell), out.push(row);
	return out;
}
