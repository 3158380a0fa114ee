import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oauth from 'oauth4webapi';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { checkAccessibility, contrastRatio, haveChromium, startBrowserSite, stopBrowserSite } from './helpers/browser';
import { databaseKinds } from './helpers/databases';
import { TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

if (!haveChromium)
  process.stderr.write(
    'browser tests: /usr/bin/chromium is missing (apt-get install chromium); skipped here. .ci/run installs it.\n',
  );
const SCREENSHOTS = process.env.SCREENSHOTS === '1' ? join(__dirname, '..', 'docs', 'screenshots') : undefined;
const CALLBACK = 'https://client.example.org/callback';

/** People's journeys through the site, in a real browser (Debian's Chromium via playwright-core). */
(haveChromium ? describe.each(databaseKinds()) : describe.skip.each(databaseKinds()))(
  'the site in Chromium on %s',
  (kind) => {
    let t: TestApp;
    let base: string;
    let browser: Browser;
    let consumerKey: string;

    beforeAll(async () => {
      ({ t, base, browser } = await startBrowserSite(kind, {
        ADMIN_USERNAME: 'Admin',
        ADMIN_PASSWORD: 'admin-password-1',
      }));
    });
    afterAll(() => stopBrowserSite({ t, browser }));

    async function session(): Promise<{ context: BrowserContext; page: Page }> {
      const context = await browser.newContext({ baseURL: base });
      // The client's callback is on another (unreachable) host: answer it here so the browser can land.
      await context.route('https://client.example.org/**', (route) =>
        route.fulfill({
          status: 200,
          contentType: 'text/html',
          body: '<!doctype html><title>client</title><h1>client</h1>',
        }),
      );
      return { context, page: await context.newPage() };
    }

    async function login(page: Page, username: string, password: string): Promise<void> {
      await page.goto('/login');
      await page.getByLabel('Username').fill(username);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    }

    it('a developer registers, confirms the address, proposes an OAuth 2 app and sees its secret once', async () => {
      const { context, page } = await session();
      await page.goto('/register');
      await checkAccessibility(page);
      await page.getByLabel('Username').fill('Developer');
      await page.getByLabel('Email address').fill('developer@example.org');
      await page.getByLabel('Password', { exact: true }).fill('developer-password-1');
      await page.getByLabel('Password again').fill('developer-password-1');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.waitForURL(`${base}/`);
      const link = /(http:\/\/\S+\/confirm-email\?token=\S+)/.exec(t.mail.lastTo('developer@example.org')!.text)![1];
      await page.goto(link);
      await expectLocator(page.locator('main')).toContainText('Your email address is confirmed.');

      await page.goto('/consumers/propose/oauth2');
      await checkAccessibility(page);
      await page.getByLabel('Application name').fill('Browser Tool');
      await page.getByLabel('Description').fill('Edits pages for you, from the browser test.');
      await page.getByLabel('Callback URL').fill(CALLBACK);
      await page.getByLabel('Edit existing pages').check();
      await page.getByLabel(/I accept the developer agreement/).check();
      await page.getByRole('button', { name: 'Propose' }).click();
      await expectLocator(page.locator('h1')).toHaveText('Your application is registered');
      const secret = (await page.locator('#secret').textContent())!.trim();
      expect(secret).toMatch(/^[0-9a-f]{64}$/);
      await expectLocator(page.getByRole('button', { name: 'Copy' }).first()).toBeVisible();
      consumerKey = (await page.locator('dd code').first().textContent())!.trim();
      await page.goto(`/consumers/${consumerKey}`);
      await expectLocator(page.locator('main')).not.toContainText(secret);
      await context.close();
    });

    it('an admin approves it with a reason', async () => {
      const { context, page } = await session();
      await login(page, 'Admin', 'admin-password-1');
      await page.goto('/manage/consumers');
      await checkAccessibility(page);
      await page.getByRole('link', { name: /Browser Tool/ }).click();
      await checkAccessibility(page);
      if (SCREENSHOTS) {
        mkdirSync(SCREENSHOTS, { recursive: true });
        await page.screenshot({ path: join(SCREENSHOTS, 'review.png'), fullPage: true });
      }
      await page.getByLabel('Approve').check();
      await page.getByLabel('Reason').fill('Grants match the description.');
      await page.getByRole('button', { name: 'Record the decision' }).click();
      await expectLocator(page.locator('main')).toContainText('approved');
      await expectLocator(page.locator('.log')).toContainText('Grants match the description.');
      await context.close();
    });

    it('a user authorizes it on the consent page, then revokes it on /me/apps', async () => {
      const user = await makeUser(t.app);
      const { context, page } = await session();
      const verifier = oauth.generateRandomCodeVerifier();
      const query = new URLSearchParams({
        client_id: consumerKey,
        response_type: 'code',
        redirect_uri: CALLBACK,
        state: 'xyz',
        code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      });
      await page.goto(`/oauth2/authorize?${query}`);
      // Not logged in: the login form, then back to the request.
      await page.getByLabel('Username').fill(user.username);
      await page.getByLabel('Password').fill(user.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await expectLocator(page.locator('h1')).toHaveText('Allow this application?');
      await expectLocator(page.locator('main')).toContainText('Browser Tool');
      await expectLocator(page.locator('main')).toContainText('Edit existing pages');
      await checkAccessibility(page);
      if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, 'consent.png'), fullPage: true });
      await page.getByRole('button', { name: 'Allow' }).click();
      await page.waitForURL((url) => url.origin === 'https://client.example.org');
      const landed = new URL(page.url());
      expect(landed.searchParams.get('state')).toBe('xyz');
      expect(landed.searchParams.get('code')).toEqual(expect.any(String));
      expect(landed.searchParams.get('iss')).toBe(base);

      await page.goto('/me/apps');
      await checkAccessibility(page);
      await page.getByRole('link', { name: /Browser Tool/ }).click();
      await checkAccessibility(page);
      // Revoking is confirmed on a page of its own.
      await page.getByRole('link', { name: 'Revoke access…' }).click();
      await checkAccessibility(page);
      await page.getByRole('button', { name: 'Revoke access' }).click();
      await expectLocator(page.locator('main')).toContainText('Access revoked');
      await page.goto('/me/apps');
      await expectLocator(page.locator('main')).toContainText('You have not authorized any application.');
      await context.close();
    });

    it('a suppressor suppresses an application, which then disappears for everyone else', async () => {
      const suppressor = await makeUser(t.app, { groups: ['oauthadmin', 'suppress'] });
      const other = await makeUser(t.app);
      const { context, page } = await session();
      await login(page, suppressor.username, suppressor.password);
      await page.goto(`/manage/consumers/${consumerKey}`);
      // Disabling is confirmed on a page of its own.
      await page.getByRole('link', { name: 'Disable this application…' }).click();
      await checkAccessibility(page);
      await page.getByLabel(/Also suppress/).check();
      await page.getByLabel('Reason').fill('Abusive application.');
      await page.getByRole('button', { name: 'Disable the application' }).click();
      await expectLocator(page.locator('main')).toContainText('Disabled.');
      await expectLocator(page.locator('main')).toContainText('suppressed');
      await context.close();

      const second = await session();
      await login(second.page, other.username, other.password);
      const response = await second.page.goto(`/consumers/${consumerKey}`);
      expect(response!.status()).toBe(404);
      await second.page.goto('/consumers?stage=any');
      await expectLocator(second.page.locator('main')).not.toContainText('Browser Tool');
      await second.context.close();
    });

    it('keeps forms usable without JavaScript, and framing refused', async () => {
      const context = await browser.newContext({ baseURL: base, javaScriptEnabled: false });
      const page = await context.newPage();
      const response = await page.goto('/login');
      expect(response!.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
      await page.getByLabel('Username').fill('Admin');
      await page.getByLabel('Password').fill('admin-password-1');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL(`${base}/`);
      await expectLocator(page.locator('header')).toContainText('Admin');
      await context.close();
    });

    it('uses stylesheet colours with at least 4.5:1 contrast', () => {
      const css = readFileSync(join(__dirname, '..', 'public', 'style.css'), 'utf8');
      const color = (name: string) => new RegExp(`--${name}: (#[0-9a-fA-F]{6})`).exec(css)![1];
      const pairs: Array<[string, string]> = [
        [color('ink'), color('bg')],
        [color('muted'), color('bg')],
        [color('accent'), color('bg')],
        [color('error'), color('bg')],
        [color('ink'), color('panel')],
        [color('muted'), color('panel')],
        [color('accent'), color('panel')],
        ['#ffffff', color('accent')],
        [color('error'), '#fdf0ef'],
        ['#7a1a12', '#fde7e4'],
        ['#6b4500', '#fff1d6'],
        [color('ink'), '#e6e9ee'],
      ];
      for (const [fg, bg] of pairs)
        expect({ fg, bg, ratio: contrastRatio(fg, bg) >= 4.5 }).toEqual({ fg, bg, ratio: true });
    });
  },
);

// Playwright's web-first assertions, minimal: poll until the condition holds or time runs out.
function expectLocator(locator: import('playwright-core').Locator) {
  const poll = async (check: () => Promise<boolean>, what: string) => {
    for (let i = 0; i < 50; i += 1) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    const seen =
      (await locator
        .page()
        .locator('main')
        .textContent()
        .catch(() => '')) ?? '';
    throw new Error(
      `timed out waiting until ${what}; the page (${locator.page().url()}) says: ` +
        seen.replace(/\s+/g, ' ').slice(0, 600),
    );
  };
  return {
    toHaveText: (text: string) =>
      poll(async () => (await locator.first().textContent())?.trim() === text, `text is "${text}"`),
    toContainText: (text: string) =>
      poll(async () => ((await locator.first().textContent()) ?? '').includes(text), `text contains "${text}"`),
    toBeVisible: () => poll(() => locator.first().isVisible(), 'visible'),
    not: {
      toContainText: (text: string) =>
        poll(async () => !((await locator.first().textContent()) ?? '').includes(text), `text lacks "${text}"`),
    },
  };
}
