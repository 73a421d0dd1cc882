import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { getSurveyByCode, normaliseSurveyCode } from '$lib/server/surveys/surveys';
import type { PageServerLoad } from './$types';

// "I have a survey code": a plain GET form, so it works from any phone, with or without JavaScript.
export const load: PageServerLoad = async ({ url }) => {
	const typed = url.searchParams.get('code');
	if (typed === null) return { code: '', problem: null };
	const code = normaliseSurveyCode(typed.slice(0, 40));
	if (!code) return { code: typed.slice(0, 40), problem: 'Survey codes have 6 letters and numbers, like YCLUB7. Please check it and try again.' };
	const survey = await getSurveyByCode(await getDb(), code);
	if (!survey || survey.status === 'draft') return { code, problem: 'We couldn’t find a survey with that code. Please check it and try again.' };
	redirect(303, `/survey/${code}`);
};
