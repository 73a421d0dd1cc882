import { test, expect, signIn, DEMO, checkAccessibility } from './fixtures';

// The journey the Foundation issue names: a champion invites a young person, who joins on a phone
// (390x844) with no email, choosing only a name and a password, and is signed in.

test('a champion invites a young person, who joins on a phone and is signed in', async ({ page, browser }) => {
	await signIn(page, DEMO.champion.username, DEMO.champion.password);
	await page.goto('/staff/invitations');
	await page.getByLabel('A young person').check();
	await page.getByLabel('Young person’s month of birth (optional)').fill('2012-04');
	await page.getByLabel('A note for you (optional)').fill('Journey test group');
	await page.getByRole('button', { name: 'Create invitation' }).click();
	await expect(page.getByRole('heading', { name: 'Invitation ready' })).toBeVisible();
	await expect(page.getByRole('img', { name: 'QR code that opens the invitation link' })).toBeVisible();
	const code = (await page.getByLabel('Code').textContent())!.trim();
	const link = await page.getByRole('link', { name: /\/join\// }).getAttribute('href');
	expect(code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
	expect(link).toContain(`/join/${code}`);

	const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
	const young = await phone.newPage();
	const started = Date.now();
	await young.goto(link!);
	await checkAccessibility(young);
	await expect(young.getByRole('heading', { name: 'Welcome! Let’s set you up' })).toBeVisible();
	// The whole form fits the phone's screen: no scrolling to find the button.
	const button = young.getByRole('button', { name: 'Join Coproduce' });
	const box = (await button.boundingBox())!;
	expect(box.y + box.height).toBeLessThanOrEqual(844);
	expect(box.height).toBeGreaterThanOrEqual(44);
	// Only a name and a password to type: the username is suggested for them.
	await expect(young.getByLabel('Your username')).not.toHaveValue('');
	await young.getByLabel('What should we call you?').fill('Robin');
	await young.getByLabel('Choose a password').fill('kite tree lantern');
	await young.getByRole('button', { name: 'Join Coproduce' }).click();
	await expect(young).toHaveURL(/\/me\?welcome=1$/);
	await expect(young.getByRole('heading', { name: 'Hi Robin' })).toBeVisible();
	await expect(young.getByText('Your username is')).toBeVisible();
	await checkAccessibility(young);
	test.info().annotations.push({ type: 'join journey (automated)', description: `${Date.now() - started} ms` });

	// The code is spent: opening the link again says so.
	const again = await phone.newPage();
	await again.goto(link!);
	await expect(again.getByRole('heading', { name: 'This code doesn’t work' })).toBeVisible();
	await phone.close();

	// The champion sees the invitation used, and the new participant needing consent (aged 14).
	await page.goto('/staff/invitations');
	await expect(page.getByRole('row', { name: /Journey test group/ })).toContainText('Joined');
	await page.goto('/staff/participants?q=Robin');
	await expect(page.getByRole('row', { name: /Robin/ })).toContainText('Needs parental consent');
});

test('a code typed by hand works as well as the link', async ({ page, browser }) => {
	await signIn(page, DEMO.champion.username, DEMO.champion.password);
	await page.goto('/staff/invitations');
	await page.getByLabel('A parent or carer').check();
	await page.getByRole('button', { name: 'Create invitation' }).click();
	const code = (await page.getByLabel('Code').textContent())!.trim();

	const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
	const parent = await phone.newPage();
	await parent.goto('/join');
	await checkAccessibility(parent);
	await parent.getByLabel('Your code').fill(code.toLowerCase().replace('-', ' '));
	await parent.getByRole('button', { name: 'Continue' }).click();
	await expect(parent.getByRole('heading', { name: 'Nearly there' })).toBeVisible();
	await parent.getByLabel('What should we call you?').fill('Sam');
	await parent.getByLabel('Your username').fill('sam-parent-journey');
	// A common password is refused in plain words, and what was typed is kept.
	await parent.getByLabel('Choose a password').fill('password123');
	await parent.getByRole('button', { name: 'Join Coproduce' }).click();
	await expect(parent.getByText('That password is one of the most common ones')).toBeVisible();
	await expect(parent.getByLabel('Your username')).toHaveValue('sam-parent-journey');
	await checkAccessibility(parent);
	await parent.getByLabel('Choose a password').fill('sunday market bicycle');
	await parent.getByRole('button', { name: 'Join Coproduce' }).click();
	await expect(parent).toHaveURL(/\/me\?welcome=1$/);
	await expect(parent.getByText('sam-parent-journey')).toBeVisible();
	await phone.close();
});

test('a champion makes a password code and the participant chooses a new password with it', async ({ page, browser }) => {
	await signIn(page, DEMO.champion.username, DEMO.champion.password);
	await page.goto('/staff/participants?q=tom');
	await page.getByRole('link', { name: 'Tom' }).click();
	await page.getByRole('button', { name: 'Make a new password code' }).click();
	await expect(page.getByRole('heading', { name: 'New one-time code' })).toBeVisible();
	const link = await page.getByRole('link', { name: /\/join\// }).getAttribute('href');

	const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
	const tom = await phone.newPage();
	await tom.goto(link!);
	await expect(tom.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
	await checkAccessibility(tom);
	await tom.getByLabel('Choose a new password').fill('new kettle for tom');
	await tom.getByRole('button', { name: 'Save my new password' }).click();
	await expect(tom).toHaveURL(/\/me$/);
	await phone.close();

	// The new password signs in; the demo one no longer does.
	const fresh = await browser.newContext();
	const check = await fresh.newPage();
	await signIn(check, 'tom', 'new kettle for tom');
	await expect(check).toHaveURL(/\/me$/);
	await fresh.close();
});
