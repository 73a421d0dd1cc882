// For forms pressed again and again (ticks, walk-ins): after the server's redirect, stay where you
// are, with focus still on the button, instead of jumping to the top of the page.
import { applyAction } from '$app/forms';
import { goto } from '$app/navigation';
import type { SubmitFunction } from '@sveltejs/kit';

export const stayPut: SubmitFunction = () => {
	return async ({ result }) => {
		if (result.type === 'redirect') await goto(result.location, { keepFocus: true, noScroll: true, invalidateAll: true, replaceState: true });
		else await applyAction(result);
	};
};
