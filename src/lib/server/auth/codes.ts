import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import QRCode from 'qrcode';

// No I, O, 0 or 1: nothing to misread when a code is copied from paper.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 10;

/** A 50-bit single-use code such as "K7QM-X2PA-9D" style groups of five: "K7QMX-2PA9D". */
export function generateCode(): string {
	const bytes = new Uint8Array(CODE_LENGTH);
	crypto.getRandomValues(bytes);
	const chars = [...bytes].map((b) => ALPHABET[b & 31]);
	return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

/** Accepts what people type: any case, spaces or dashes. Returns null if it can't be a code. */
export function normaliseCode(input: string): string | null {
	const squashed = input.toUpperCase().replace(/[\s-]/g, '');
	if (squashed.length !== CODE_LENGTH || ![...squashed].every((c) => ALPHABET.includes(c))) return null;
	return squashed;
}

export function hashCode(normalised: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(normalised)));
}

/** A QR code as an SVG data URL, so it renders in an <img> under our CSP and prints crisply. */
export async function qrDataUrl(text: string): Promise<string> {
	const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
	return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
