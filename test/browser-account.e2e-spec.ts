import { Browser, Page } from 'playwright-core';
import { haveChromium, startBrowserSite, stopBrowserSite } from './helpers/browser';
import { databaseKinds } from './helpers/databases';
import { TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

if (!haveChromium)
  process.stderr.write(
    'browser tests: /usr/bin/chromium is missing (apt-get install chromium); skipped here. .ci/run installs it.\n',
  );

/** A person's own account, in a real browser (Debian's Chromium via playwright-core). */
(haveChromium ? describe.each(databaseKinds()) : describe.skip.each(databaseKinds()))(
  'your account in Chromium on %s',
  (kind) => {
    let t: TestApp;
    let base: string;
    let browser: Browser;

    beforeAll(async () => {
      ({ t, base, browser } = await startBrowserSite(kind, {
        ADMIN_USERNAME: 'Admin',
        ADMIN_PASSWORD: 'admin-password-1',
        ADMIN_EMAIL: 'admin@example.org',
      }));
    });
    afterAll(() => stopBrowserSite({ t, browser }));

    async function login(page: Page, username: string, password: string): Promise<void> {
      await page.goto('/login');
      await page.getByLabel('Username').fill(username);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    }

    const mainText = async (page: Page) => ((await page.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');

    it('changes the email address with the password and the link sent to the new address', async () => {
      const user = await makeUser(t.app, { email: 'before@example.org', emailVerified: true });
      const context = await browser.newContext({ baseURL: base });
      const page = await context.newPage();
      await login(page, user.username, user.password);

      await page.getByRole('link', { name: 'Account' }).click();
      await page.waitForURL(`${base}/account`);
      expect(await mainText(page)).toContain('before@example.org');
      await page.getByLabel('New email address').fill('after@example.org');
      await page.getByLabel('Current password').fill(user.password);
      await page.getByRole('button', { name: 'Send the link' }).click();
      await page.waitForLoadState();
      expect(await page.locator('[role=status]').first().textContent()).toContain(
        'We sent a link to after@example.org',
      );

      const notice = t.mail.lastTo('before@example.org')!;
      expect(notice.text).toContain(user.username);
      const link = /(http:\/\/\S+\/account\/email\/confirm\?token=\S+)/.exec(
        t.mail.lastTo('after@example.org')!.text,
      )![1];
      await page.goto(link);
      expect(await mainText(page)).toContain('Your email address is now after@example.org');

      await page.getByRole('link', { name: 'Go to your account' }).click();
      await page.waitForURL(`${base}/account`);
      expect(await page.locator('#account-email-address').textContent()).toBe('after@example.org');
      const facts = await page.locator('dl.account-facts').textContent();
      expect(facts).toContain('confirmed');
      expect(facts).not.toContain('not confirmed');
      await context.close();
    });

    it('the bootstrap admin with ADMIN_EMAIL reaches the proposal form without confirming an address', async () => {
      const context = await browser.newContext({ baseURL: base });
      const page = await context.newPage();
      await login(page, 'Admin', 'admin-password-1');
      await page.goto('/consumers/propose/oauth2');
      expect(await page.locator('#email-needed').count()).toBe(0);
      expect(await page.getByLabel('Application name').count()).toBe(1);
      await context.close();
    });
  },
);
