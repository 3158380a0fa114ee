import { Browser, BrowserContext, Page } from 'playwright-core';
import { haveChromium, startBrowserSite, stopBrowserSite } from './helpers/browser';
import { databaseKinds } from './helpers/databases';
import { TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';
import { User } from '../src/users/user.entity';

if (!haveChromium) process.stderr.write('browser language tests: /usr/bin/chromium is missing; skipped here.\n');

/** A German browser gets German pages; an account's language wins over it (docs/development.md#languages). */
(haveChromium ? describe.each(databaseKinds()) : describe.skip.each(databaseKinds()))(
  'languages in Chromium on %s',
  (kind) => {
    let t: TestApp;
    let base: string;
    let browser: Browser;

    beforeAll(async () => {
      ({ t, base, browser } = await startBrowserSite(kind));
    });
    afterAll(() => stopBrowserSite({ t, browser }));

    /** A browser set to German: it sends Accept-Language: de-DE. */
    async function germanBrowser(): Promise<{ context: BrowserContext; page: Page }> {
      const context = await browser.newContext({ baseURL: base, locale: 'de-DE' });
      return { context, page: await context.newPage() };
    }
    const htmlLang = (page: Page) => page.locator('html').getAttribute('lang');

    it('renders the home and login pages in German, and says what went wrong in German', async () => {
      const { context, page } = await germanBrowser();
      await page.goto('/');
      expect(await htmlLang(page)).toBe('de');
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Consentry');
      await expect(page.getByRole('link', { name: 'Anmelden' }).count()).resolves.toBe(1);
      await expect(page.getByText('Wohin möchten Sie?').count()).resolves.toBe(1);

      await page.getByRole('link', { name: 'Anmelden' }).click();
      await page.waitForURL(`${base}/login`);
      expect(await htmlLang(page)).toBe('de');
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Anmelden');
      await page.getByLabel('Benutzername').fill('Niemand');
      await page.getByLabel('Passwort').fill('falsches-passwort');
      await page.getByRole('button', { name: 'Anmelden' }).click();
      await expect(page.getByRole('alert').textContent()).resolves.toBe('Benutzername oder Passwort ist falsch.');

      await page.goto('/register');
      await page.getByLabel('Benutzername').fill('Neuling');
      await page.getByLabel('E-Mail-Adresse').fill('neuling@example.org');
      await page.getByLabel('Passwort', { exact: true }).fill('kurz');
      await page.getByLabel('Passwort wiederholen').fill('anders');
      // The browser's own checks would stop a too-short password before it is sent: the server's answer is tested.
      await page.locator('form.card').evaluate((form) => form.setAttribute('novalidate', ''));
      await page.getByRole('button', { name: 'Konto anlegen' }).click();
      const summary = page.locator('#form-errors');
      await expect(summary.locator('p').textContent()).resolves.toBe('Bitte korrigieren Sie Folgendes:');
      await expect(page.locator('#password-error').textContent()).resolves.toBe('muss mindestens 8 Zeichen lang sein');
      await expect(page.locator('#passwordConfirm-error').textContent()).resolves.toBe(
        'Die beiden Passwörter stimmen nicht überein.',
      );
      await expect(summary.getByRole('link', { name: 'Passwort wiederholen' }).count()).resolves.toBe(1);
      await context.close();
    });

    it('shows English to an account set to English in a German browser, German once it picks Deutsch', async () => {
      const user = await makeUser(t.app, { username: 'Ada' });
      await t.dataSource.getRepository(User).update({ id: user.id }, { language: 'en' });
      const { context, page } = await germanBrowser();
      await page.goto('/login');
      await page.getByLabel('Benutzername').fill(user.username);
      await page.getByLabel('Passwort').fill(user.password);
      await page.getByRole('button', { name: 'Anmelden' }).click();
      await page.waitForURL(`${base}/`);
      expect(await htmlLang(page)).toBe('en');
      await expect(page.getByRole('button', { name: 'Log out' }).count()).resolves.toBe(1);

      await page.goto('/account');
      await page.getByLabel('Language', { exact: true }).selectOption({ label: 'Deutsch' });
      await page.getByRole('button', { name: 'Save' }).click();
      // The form answers with the account page itself, at the form's address.
      await page.waitForURL(`${base}/account/profile`);
      expect(await htmlLang(page)).toBe('de');
      await expect(page.getByRole('status').textContent()).resolves.toBe('Gespeichert.');
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Ihr Konto');
      await page.goto('/');
      expect(await htmlLang(page)).toBe('de');
      await expect(page.getByRole('button', { name: 'Abmelden' }).count()).resolves.toBe(1);
      expect((await t.dataSource.getRepository(User).findOneByOrFail({ id: user.id })).language).toBe('de');
      await context.close();
    });
  },
);
