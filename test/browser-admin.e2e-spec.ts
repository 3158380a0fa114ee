import { Browser } from 'playwright-core';
import { checkAccessibility, haveChromium, startBrowserSite, stopBrowserSite } from './helpers/browser';
import { databaseKinds } from './helpers/databases';
import { TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

/** An administrator's journey through /manage/users and /manage/audit, in Chromium (docs/administration.md). */
(haveChromium ? describe.each(databaseKinds()) : describe.skip.each(databaseKinds()))(
  'admin pages in Chromium on %s',
  (kind) => {
    let t: TestApp;
    let base: string;
    let browser: Browser;

    beforeAll(async () => {
      ({ t, base, browser } = await startBrowserSite(kind, {
        ADMIN_USERNAME: 'Admin',
        ADMIN_PASSWORD: 'admin-password-1',
      }));
    });
    afterAll(() => stopBrowserSite({ t, browser }));

    it('an admin finds a user by part of their email, blocks them (confirming), sees it in the audit log', async () => {
      const spammer = await makeUser(t.app, {
        username: 'Spammer',
        email: 'bulk.sender@spam.example',
        emailVerified: true,
      });
      await makeUser(t.app, { username: 'Bystander', email: 'someone@example.org' });
      const context = await browser.newContext({ baseURL: base });
      const page = await context.newPage();
      await page.goto('/login');
      await page.getByLabel('Username').fill('Admin');
      await page.getByLabel('Password').fill('admin-password-1');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/login'));

      const text = async (selector: string) => ((await page.locator(selector).first().textContent()) ?? '').trim();
      await page.getByRole('link', { name: 'Users' }).click();
      await page.waitForURL(`${base}/manage/users`);
      expect(await text('h1')).toBe('Users');
      await checkAccessibility(page);
      await page.getByLabel('Username or email address contains').fill('SENDER@spam');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.waitForURL((url) => url.searchParams.get('q') === 'SENDER@spam');
      expect(await text('.count')).toBe('Users found: 1');
      expect(await text('main')).not.toContain('Bystander');
      await page.getByRole('link', { name: 'Spammer' }).click();
      await page.waitForURL(`${base}/manage/users/${spammer.id}`);
      await checkAccessibility(page);

      const block = page.getByRole('link', { name: 'Block', exact: true });
      expect(await block.getAttribute('class')).toMatch(/\bdanger\b/);
      await block.click();
      await page.waitForURL(`${base}/manage/users/${spammer.id}/block`);
      expect(await text('h1')).toBe('Block this user?');
      await checkAccessibility(page);
      const confirm = page.getByRole('button', { name: 'Block', exact: true });
      expect(await confirm.getAttribute('class')).toMatch(/\bdanger\b/);
      await confirm.click();
      await page.waitForURL(`${base}/manage/users/${spammer.id}`);
      expect(await text('#user-blocked')).toBe('yes');
      expect(await page.getByRole('button', { name: 'Unblock' }).isVisible()).toBe(true);

      await page.getByRole('link', { name: 'Audit log' }).click();
      await page.waitForURL(`${base}/manage/audit`);
      await checkAccessibility(page);
      await page.getByLabel('Event').fill('user.changed');
      await page.getByRole('button', { name: 'Filter' }).click();
      await page.waitForURL((url) => url.searchParams.get('event') === 'user.changed');
      const event = page.locator('tbody tr').filter({ hasText: `user ${spammer.id} (Spammer)` });
      expect(await event.count()).toBe(1);
      const row = (await event.textContent()) ?? '';
      expect(row).toContain('Admin');
      expect(row).toContain('"blocked":true');
      await context.close();
    });
  },
);
