import { Browser, Locator, Page } from 'playwright-core';
import { haveChromium, startBrowserSite, stopBrowserSite } from './helpers/browser';
import { databaseKinds } from './helpers/databases';
import { TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

/** The consumer forms in a real browser: every problem at once, and the secret shown once. */
(haveChromium ? describe.each(databaseKinds()) : describe.skip.each(databaseKinds()))(
  'consumer forms in Chromium on %s',
  (kind) => {
    let t: TestApp;
    let base: string;
    let browser: Browser;

    beforeAll(async () => {
      ({ t, base, browser } = await startBrowserSite(kind));
    });
    afterAll(() => stopBrowserSite({ t, browser }));

    async function developer(): Promise<Page> {
      const user = await makeUser(t.app, { email: 'browser-dev@example.org', emailVerified: true });
      const context = await browser.newContext({ baseURL: base });
      const page = await context.newPage();
      await page.goto('/login');
      await page.getByLabel('Username').fill(user.username);
      await page.getByLabel('Password').fill(user.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/login'));
      return page;
    }

    /** The signed-in user's consumers, counted through the API with the page's own session. */
    async function myConsumers(page: Page): Promise<number> {
      const res = await page.request.get('/api/v1/consumers/mine?limit=100');
      expect(res.status()).toBe(200);
      return ((await res.json()) as { items: unknown[] }).items.length;
    }

    it('shows every problem of a failed proposal at once, each at its field, and keeps what was typed', async () => {
      const page = await developer();
      await page.goto('/consumers/propose/oauth2');
      await page.getByLabel('Version').fill('not a version');
      await page.getByLabel('Description').fill('Typed by the browser test.');
      await page.getByLabel('Callback URL').fill('ftp://app.example.org/cb');
      await page.getByLabel('Allowed IP ranges').fill('not-an-ip');
      await page.getByRole('button', { name: 'Propose' }).click();
      await page.waitForLoadState('domcontentloaded');

      const summary = page.getByRole('alert').filter({ hasText: 'Please correct the following' });
      for (const label of ['Application name', 'Version', 'Callback URL', 'Allowed IP ranges', 'Developer agreement'])
        await expectVisible(summary.getByRole('link', { name: label, exact: true }));
      for (const id of ['name', 'version', 'callbackUrl', 'restrictions', 'agreement']) {
        const field = page.locator(`#${id}`);
        expect(await field.getAttribute('aria-invalid')).toBe('true');
        const described = (await field.getAttribute('aria-describedby')) ?? '';
        expect(described.split(' ')).toContain(`${id}-error`);
        expect(((await page.locator(`#${id}-error`).textContent()) ?? '').trim()).not.toBe('');
      }
      expect(await page.getByLabel('Description').inputValue()).toBe('Typed by the browser test.');
      expect(await page.getByLabel('Allowed IP ranges').inputValue()).toBe('not-an-ip');
      // The summary's link leads to the field.
      await summary.getByRole('link', { name: 'Allowed IP ranges', exact: true }).click();
      expect(new URL(page.url()).hash).toBe('#restrictions');
      expect(await myConsumers(page)).toBe(0);
      await page.context().close();
    });

    it('shows the secret once: a reload says it is gone, and proposes nothing again', async () => {
      const page = await developer();
      await page.goto('/consumers/propose/oauth2');
      await page.getByLabel('Application name').fill('Reload Tool');
      await page.getByLabel('Description').fill('Checks that a reload is harmless.');
      await page.getByLabel('Callback URL').fill('https://client.example.org/callback');
      await page.getByLabel('Edit existing pages').check();
      await page.getByLabel(/I accept the developer agreement/).check();
      await page.getByRole('button', { name: 'Propose' }).click();
      await page.waitForURL(/\/consumers\/[0-9a-f]{32}\/created$/);
      await expectText(page.locator('h1'), 'Your application is registered');
      const secret = ((await page.locator('#secret').textContent()) ?? '').trim();
      expect(secret).toMatch(/^[0-9a-f]{64}$/);
      // Runs in the browser (self-contained); the test is compiled without the DOM types, hence the cast.
      const wrap = await page
        .locator('#secret')
        .evaluate(
          (el) =>
            (globalThis as unknown as { getComputedStyle(e: unknown): { overflowWrap: string } }).getComputedStyle(el)
              .overflowWrap,
        );
      expect(wrap).toBe('anywhere');
      await expectVisible(page.getByRole('button', { name: 'Copy' }).first());
      expect(await myConsumers(page)).toBe(1);

      const reloaded = await page.reload();
      expect(reloaded!.status()).toBe(410);
      await expectText(page.locator('h1'), 'The secret is no longer shown');
      expect(await page.locator('main').textContent()).not.toContain(secret);
      await expectVisible(page.getByRole('link', { name: 'Reset the secret…' }));
      expect(await myConsumers(page)).toBe(1);
      await page.context().close();
    });
  },
);

async function poll(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 50; i += 1) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting until ${what}`);
}

const expectVisible = (locator: Locator) => poll(() => locator.first().isVisible(), `${String(locator)} is visible`);
const expectText = (locator: Locator, text: string) =>
  poll(async () => (await locator.first().textContent())?.trim() === text, `text is "${text}"`);
