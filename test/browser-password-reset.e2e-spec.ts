import { Browser, Page } from 'playwright-core';
import { PasswordResetService } from '../src/accounts/password-reset.service';
import { checkAccessibility, haveChromium, startBrowserSite, stopBrowserSite } from './helpers/browser';
import { databaseKinds } from './helpers/databases';
import { TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

if (!haveChromium)
  process.stderr.write(
    'browser tests: /usr/bin/chromium is missing (apt-get install chromium); skipped here. .ci/run installs it.\n',
  );

/** "Forgot password" as a person goes through it, in Chromium (docs/security.md#forgot-password). */
(haveChromium ? describe.each(databaseKinds()) : describe.skip.each(databaseKinds()))(
  'forgot password in Chromium on %s',
  (kind) => {
    let t: TestApp;
    let base: string;
    let browser: Browser;

    beforeAll(async () => {
      ({ t, base, browser } = await startBrowserSite(kind));
    });
    afterAll(() => stopBrowserSite({ t, browser }));

    const mainText = async (page: Page) => (await page.locator('main').textContent()) ?? '';

    it('asks for a link from the login page, follows it from the mail, sets a password and logs in', async () => {
      const user = await makeUser(t.app, {
        username: 'Forgetful',
        email: 'forgetful@example.org',
        emailVerified: true,
      });
      const context = await browser.newContext({ baseURL: base });
      const page = await context.newPage();

      await page.goto('/login');
      await page.getByRole('link', { name: 'Forgot your password?' }).click();
      await page.waitForURL(`${base}/forgot-password`);
      await checkAccessibility(page);
      await page.getByLabel('Username or email address').fill('FORGETFUL@example.org');
      await page.getByRole('button', { name: 'Send the link' }).click();
      await page.waitForLoadState();
      expect(await mainText(page)).toContain('we have sent a link to that address');

      await t.app.get(PasswordResetService).settled();
      const mail = t.mail.lastTo('forgetful@example.org')!;
      const link = /(http:\/\/\S+\/reset-password\?token=[A-Za-z0-9_-]{43})\n/.exec(mail.text)![1];
      await page.goto(link);
      await checkAccessibility(page);
      await page.getByLabel('New password', { exact: true }).fill('remembered-at-last');
      await page.getByLabel('New password again').fill('remembered-at-last');
      await page.getByRole('button', { name: 'Set the new password' }).click();
      await page.waitForURL(`${base}/login?reset=done`);
      expect(await mainText(page)).toContain('Your password was changed');

      await page.getByLabel('Username').fill(user.username);
      await page.getByLabel('Password', { exact: true }).fill(user.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForLoadState();
      expect(await mainText(page)).toContain('Incorrect username or password.');

      await page.getByLabel('Username').fill(user.username);
      await page.getByLabel('Password', { exact: true }).fill('remembered-at-last');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL(`${base}/`);
      expect(await page.locator('header').textContent()).toContain('Forgetful');

      // The link was spent: opening it again says so, with a way to ask again.
      await page.goto(link);
      expect(await mainText(page)).toContain('invalid, has expired or has already been used');
      await page.getByRole('link', { name: 'Ask for a new link' }).click();
      await page.waitForURL(`${base}/forgot-password`);
      await context.close();
    }, 60_000);
  },
);
