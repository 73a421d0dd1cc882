import { test, expect, signIn, DEMO, checkAccessibility } from './fixtures';
import { fitsWidth } from './my-space-journey-helpers';
import type { Sql } from 'postgres';
import { withDatabase } from './panel-ids';
import { newId } from './visit-setup';

// My space at 320px wide: jay (demo, 17) sees what to do now, what they did and what it changed,
// their notifications and the settings, without changing anything of theirs. A new young person
// (invited by the champion, joined through the page) gets notifications, reads them, turns them
// off, and chooses email copies once they have given an address. axe runs on every page.

const NARROW = { viewport: { width: 320, height: 800 } };
const RUN = Date.now().toString(36).toUpperCase();
const PERSON = { name: `Sasha ${RUN}`, password: 'meadow kettle lantern', username: '' };
const state = { link: '' };
const TWICE = { project: `Holiday clubs ${RUN}`, tender: `Holiday clubs tender ${RUN}` };

/** A project (unpublished) with two tenders of one title, both awards published and every panel thanked; the person scored on three panels. */
async function twoPanelsOneTitle(sql: Sql, username: string): Promise<boolean> {
	const [me] = await sql`select id, organisation_id from users where username = ${username}`;
	const [officer] = await sql`select u.id from users u join user_roles r on r.user_id = u.id where u.organisation_id = ${me.organisation_id} and r.role = 'officer' limit 1`;
	const org = me.organisation_id;
	const projectId = newId();
	await sql`insert into projects (id, organisation_id, slug, title, summary, service_area, level, route, annual_value_pence, contract_months)
		values (${projectId}, ${org}, ${`holiday-clubs-${RUN.toLowerCase()}`}, ${TWICE.project}, 'Holiday clubs for the summer.', 'Play and youth', 'operational', 'procurement', 100000, 12)`;
	for (const [t, panelsOn] of [[1, 2], [2, 1]] as const) {
		const tenderId = newId();
		const bidId = newId();
		await sql`insert into tenders (id, organisation_id, project_id, title, reference, contract_value_pence, contract_months, scale_descriptors, status)
			values (${tenderId}, ${org}, ${projectId}, ${TWICE.tender}, ${`HC/${RUN}/${t}`}, 100000, 12, ${sql.json({})}, 'awarded')`;
		await sql`insert into bids (id, tender_id, label) values (${bidId}, ${tenderId}, 'A')`;
		for (let i = 0; i < panelsOn; i++) {
			const sectionId = newId();
			const criterionId = newId();
			const panelId = newId();
			const memberId = newId();
			await sql`insert into tender_sections (id, tender_id, name, position, audience) values (${sectionId}, ${tenderId}, ${`Part ${i + 1}`}, ${i}, 'young_people')`;
			await sql`insert into tender_criteria (id, tender_id, section_id, position, title, weight_hundredths) values (${criterionId}, ${tenderId}, ${sectionId}, 0, 'Would you enjoy it?', 5000)`;
			await sql`insert into panels (id, tender_id, section_id, quorum, thanks_message, thanked_at) values (${panelId}, ${tenderId}, ${sectionId}, 1, 'Thank you for choosing with us.', now())`;
			await sql`insert into panel_members (id, panel_id, user_id, status) values (${memberId}, ${panelId}, ${me.id}, 'active')`;
			await sql`insert into panel_scores (id, panel_member_id, bid_id, criterion_id, score, submitted_at) values (${newId()}, ${memberId}, ${bidId}, ${criterionId}, 4, now())`;
		}
		await sql`insert into awards (tender_id, winning_bid_id, value_pence, starts_on, ends_on, decided_on, approved_by, rationale, published_at)
			values (${tenderId}, ${bidId}, 100000, '2027-04-01', '2028-03-31', current_date, ${officer.id}, 'Young people liked it best.', now())`;
	}
	return true;
}

test.describe('jay’s space', () => {
	test.use(NARROW);

	test('what to do now, what I did and what it changed, notifications and settings', async ({ page }) => {
		test.setTimeout(90_000);
		await signIn(page, DEMO.jay.username, DEMO.jay.password);
		await page.goto('/me');
		await expect(page.getByRole('heading', { name: 'What can I do now?' })).toBeVisible();
		await expect(page.getByRole('region', { name: 'Your panels' })).toBeVisible();
		await expect(page.getByRole('heading', { name: 'Mystery-shopping visits' })).toBeVisible();
		await expect(page.getByRole('heading', { name: 'Sessions you’re signed up for' })).toBeVisible();
		await expect(page.getByRole('link', { name: /^Notifications:/ })).toBeVisible();
		await expect(page.getByRole('link', { name: /My certificate/ })).toHaveAttribute('href', '/me/certificate');
		await expect(page.getByRole('link', { name: /My data/ })).toHaveAttribute('href', '/me/data');
		await fitsWidth(page);

		await page.getByRole('link', { name: 'What I did and what it changed' }).click();
		await expect(page.getByRole('heading', { name: 'What I did and what it changed', level: 1 })).toBeVisible();
		// The demo's past workshop: jay checked in and answered on the phone.
		await expect(page.getByText('You came to this session.').first()).toBeVisible();
		await expect(page.getByText(/You answered (one question|\d+ questions) on your phone/).first()).toBeVisible();
		await expect(page.getByRole('heading', { name: 'What it changed' }).first()).toBeVisible();
		await checkAccessibility(page);
		await fitsWidth(page);

		await page.goto('/me/notifications');
		await expect(page.getByRole('heading', { name: 'Notifications', level: 1 })).toBeVisible();
		await expect(page.getByRole('heading', { name: 'Turn notifications off or on' })).toBeVisible();
		await fitsWidth(page);

		await page.goto('/account');
		await expect(page.getByRole('heading', { name: 'Notifications' })).toBeVisible();
		await expect(page.getByLabel('Tell me in My space')).toBeVisible();
		await fitsWidth(page);
	});
});

test.describe.serial('a new young person’s notifications', () => {
	test.setTimeout(90_000);

	test('1. the champion invites them', async ({ page }) => {
		await signIn(page, DEMO.champion.username, DEMO.champion.password);
		await page.goto('/staff/invitations');
		await page.getByLabel('A young person').check();
		await page.getByLabel('Young person’s month of birth (optional)').fill(`${new Date().getUTCFullYear() - 17}-01`);
		await page.getByRole('button', { name: 'Create invitation' }).click();
		await expect(page.getByRole('heading', { name: 'Invitation ready' })).toBeVisible();
		state.link = (await page.getByRole('link', { name: /\/join\// }).getAttribute('href'))!;
	});

	test.describe('at 320px', () => {
		test.use(NARROW);

		test('2. they join, are told things, read them, choose email, and turn notifications off', async ({ page }) => {
			await page.goto(state.link);
			await page.getByLabel('What should we call you?').fill(PERSON.name);
			PERSON.username = await page.getByLabel('Your username').inputValue();
			await page.getByLabel('Choose a password').fill(PERSON.password);
			await page.getByRole('button', { name: 'Join Coproduce' }).click();
			await expect(page).toHaveURL(/\/me\?welcome=1$/);
			await expect(page.getByRole('link', { name: 'Notifications: nothing new' })).toBeVisible();
			await fitsWidth(page);

			// Two things happen for them (as a panel or a visit would tell them): straight into the run's database.
			const made = await withDatabase(async (sql) => {
				const [me] = await sql`select id, organisation_id from users where username = ${PERSON.username}`;
				for (const [i, title] of ['You have a mystery-shopping visit', 'Results are out: your survey'].entries())
					await sql`insert into notifications (id, organisation_id, user_id, kind, title, body, href, source_key, created_at)
						values (${newId()}, ${me.organisation_id}, ${me.id}, ${i ? 'outcome' : 'action'}, ${title}, 'Open it to see more.', '/me/activity', ${`e2e:${RUN}:${i}`}, now() - ${`${2 - i} minutes`}::interval)`;
				return true;
			});
			if (made) {
				await page.goto('/me');
				await expect(page.getByRole('link', { name: 'Notifications: 2 new' })).toBeVisible();
				await page.getByRole('link', { name: 'Notifications: 2 new' }).click();
				await expect(page.getByRole('heading', { name: 'Results are out: your survey' })).toBeVisible();
				await page.getByRole('button', { name: 'Mark as read: Results are out: your survey' }).click();
				await expect(page.getByRole('status').filter({ hasText: 'Marked as read.' })).toBeVisible();
				await expect(page.getByRole('button', { name: /^Mark as read:/ })).toHaveCount(1);
				await page.getByRole('button', { name: 'Mark all as read' }).click();
				await expect(page.getByRole('button', { name: /^Mark as read:/ })).toHaveCount(0);
				await fitsWidth(page);
			}

			// On two panels of one tender, and a second tender with the same title: each thank-you and
			// decision shows, and the page doesn't break on the repeated title (keys are ids).
			const errors: string[] = [];
			page.on('pageerror', (e) => errors.push(e.message));
			if (await withDatabase((sql) => twoPanelsOneTitle(sql, PERSON.username))) {
				await page.goto('/me/activity');
				const group = page.getByRole('region', { name: TWICE.project, exact: true });
				await expect(group.getByText('A thank-you to your panel')).toHaveCount(3);
				await expect(group.getByText(`Decision: ${TWICE.tender}`)).toHaveCount(2);
				await checkAccessibility(page);
				await fitsWidth(page);
				expect(errors, 'no script errors on the page').toEqual([]);
			}

			// Email copies: not possible without an address, explained; possible once one is given.
			await page.goto('/account');
			await expect(page.getByLabel('Also send me an email')).toBeDisabled();
			await expect(page.getByText('You haven’t given an email address, so we can’t send emails.')).toBeVisible();
			await page.getByLabel('Email address (optional)').fill(`sasha-${RUN.toLowerCase()}@example.org`);
			await page.getByRole('button', { name: 'Save', exact: true }).click();
			await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
			await page.getByLabel('Also send me an email').check();
			await page.getByRole('button', { name: 'Save notification settings' }).click();
			await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
			await expect(page.getByLabel('Also send me an email')).toBeChecked();
			await fitsWidth(page);

			// The off switch.
			await page.goto('/me/notifications');
			await page.getByRole('button', { name: 'Turn notifications off' }).click();
			await expect(page.getByRole('status').filter({ hasText: 'Notifications are off.' })).toBeVisible();
			await expect(page.getByRole('button', { name: 'Turn notifications on' })).toBeVisible();
			await page.goto('/account');
			await expect(page.getByLabel('Tell me in My space')).not.toBeChecked();
			await expect(page.getByLabel('Also send me an email')).not.toBeChecked();
			const saved = await withDatabase(async (sql) => (await sql`select notify_in_app, notify_by_email from users where username = ${PERSON.username}`)[0]);
			if (saved) expect(saved).toEqual({ notify_in_app: false, notify_by_email: false });
		});
	});
});
