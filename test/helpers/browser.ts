import { existsSync } from 'node:fs';
import { Browser, chromium, Page } from 'playwright-core';
import { DatabaseKind } from './databases';
import { freePort } from './oauth1';
import { createTestApp, TestApp } from './test-app';

export const CHROMIUM = '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);

/** Debian's Chromium, headless, with the flags this closed network needs (no background traffic). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** WCAG 2.x contrast ratio of two #rrggbb colours. */
export function contrastRatio(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5]
      .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
      .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (l1 + 0.05) / (l2 + 0.05);
}

/** Page-level accessibility basics: one h1, every visible form control labelled. */
export async function checkAccessibility(page: Page): Promise<void> {
  expect(await page.locator('h1').count()).toBe(1);
  const unlabelled = await page.evaluate(`[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
      .filter((el) => !el.labels?.length && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
      .map((el) => el.outerHTML)`);
  expect(unlabelled).toEqual([]);
}

/** A test app serving on a free loopback port, as a browser reaches it, and a Chromium. */
export interface BrowserSite {
  t: TestApp;
  /** http://127.0.0.1:<port>, also the app's PUBLIC_URL. */
  base: string;
  browser: Browser;
}

/** Starts a BrowserSite: the app of `kind` with `env`, listening, and the browser. */
export async function startBrowserSite(kind: DatabaseKind, env: Record<string, string> = {}): Promise<BrowserSite> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const t = await createTestApp(kind, { PUBLIC_URL: base, ...env });
  await t.app.listen(port, '127.0.0.1');
  return { t, base, browser: await launchBrowser() };
}

export async function stopBrowserSite(site: Partial<BrowserSite>): Promise<void> {
  await site.browser?.close();
  await site.t?.close();
}
