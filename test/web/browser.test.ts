// End to end in real headless Chromium (Debian's chromium, driven by playwright-core): the demo page, the
// widget, a wrong and a right answer, a choice button, a reload, hostile HTML, and a screenshot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, openBrowserServer, warnWithoutChromium, type BrowserServer } from '../helpers/browser.ts';
import type { WebAdapter } from '../../adapters/web/server.ts';
import Database from 'better-sqlite3';
import { MINI } from '../helpers/session.ts';

const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts');

warnWithoutChromium('the browser tests');

describe.skipIf(!CHROMIUM)('the widget in a real browser', () => {
  let server: BrowserServer;
  let browser: Browser;
  let web: WebAdapter;
  let dbPath: string;

  beforeAll(async () => {
    server = await openBrowserServer({ curriculumDir: MINI });
    ({ browser, web, dbPath } = server);
  }, 60_000);

  afterAll(() => server?.close());

  const messages = (page: Page) => page.locator('[data-testid="message"]');
  const lastTutor = (page: Page) => page.locator('[data-testid="message"][data-role="tutor"]').last();

  async function say(page: Page, text: string): Promise<void> {
    const tutor = page.locator('[data-testid="message"][data-role="tutor"]');
    const before = await tutor.count();
    await page.fill('[data-testid="input"]', text);
    await page.click('[data-testid="send"]');
    await expect.poll(() => tutor.count()).toBeGreaterThan(before);
    await page.locator('[data-testid="status"][data-busy="false"]').waitFor({ state: 'attached' });
  }

  it('teaches through the widget: choices, Socratic replies, progress, reload, and HTML shown as text', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${web.url}/`);
    // Nothing is fetched before the learner opens the widget.
    const apiCalls: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/')) apiCalls.push(r.url());
    });
    await page.waitForSelector('[data-testid="launcher"]');
    expect(apiCalls).toEqual([]);
    await page.click('[data-testid="launcher"]');
    await page.waitForSelector('[data-testid="panel"]');
    await expect.poll(() => page.evaluate('(document.activeElement && document.activeElement.shadowRoot && document.activeElement.shadowRoot.activeElement || document.activeElement).getAttribute("data-testid")')).toBe('input');

    await say(page, 'hi');
    await expect.poll(() => lastTutor(page).textContent()).toMatch(/Which one would you like/);
    await page.locator('[data-testid="choice"]', { hasText: 'Mini fractions' }).click();
    await expect.poll(() => lastTutor(page).textContent()).toMatch(/half of|\+|×/);
    await say(page, 'skip');
    await expect.poll(() => lastTutor(page).textContent()).toContain('What is half of 8?');

    await say(page, '5');
    await expect.poll(() => lastTutor(page).textContent()).toMatch(/\?/);
    expect(await lastTutor(page).textContent()).not.toMatch(/\b4\b/);
    const progressBefore = await page.locator('[data-testid="progress"]').textContent();
    await say(page, '4');
    await expect.poll(() => page.locator('[data-testid="progress"]').textContent()).not.toBe(progressBefore);
    expect(await page.locator('[data-testid="progress"]').textContent()).toMatch(/0 of 3 mastered.*Halves/);

    await say(page, '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold?</b>');
    const mine = page.locator('[data-testid="message"][data-role="learner"]').last();
    expect(await mine.textContent()).toContain('<script>window.__pwned=2</script>');
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(await page.locator('[data-testid="messages"] img, [data-testid="messages"] script').count()).toBe(0);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: resolve(ARTIFACTS, 'widget-open.png') });

    const count = await messages(page).count();
    await page.reload();
    await page.click('[data-testid="launcher"]');
    await expect.poll(() => messages(page).count()).toBeGreaterThanOrEqual(count - 1);
    expect(await page.locator('[data-testid="messages"]').textContent()).toContain('What is half of 8?');
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('reconnects after a dropped connection without losing or duplicating the turn', async () => {
    const page = await browser.newPage();
    await page.goto(`${web.url}/`);
    await page.click('[data-testid="launcher"]');
    await say(page, 'hi');
    // The next turn reaches the server and is run there, but its answer never arrives: the connection drops.
    let dropped = 0;
    await page.route('**/api/session/*/turns', async (route) => {
      if (dropped === 0) {
        dropped += 1;
        await route.fetch();
        await route.abort('connectionreset');
        return;
      }
      await route.continue();
    });
    const learnerBefore = await page.locator('[data-testid="message"][data-role="learner"]').count();
    await say(page, 'help');
    await expect.poll(() => lastTutor(page).textContent()).toMatch(/What you can say/);
    expect(dropped).toBe(1);
    expect(await page.locator('[data-testid="message"][data-role="learner"]').count()).toBe(learnerBefore + 1);
    expect(await page.locator('[data-testid="message"][data-role="tutor"]', { hasText: 'What you can say' }).count()).toBe(1);
    const db = new Database(dbPath, { readonly: true });
    const runs = db.prepare("SELECT count(*) AS n FROM turns WHERE text = 'help'").get() as { n: number };
    db.close();
    expect(runs.n).toBe(1);
    await page.close();
  }, 60_000);

  it('arrives compressed in under 8 KB, as the browser asked for it', async () => {
    const page = await browser.newPage();
    const arrived = page.waitForResponse((r) => r.url().endsWith('/widget.js'));
    await page.goto(`${web.url}/`);
    const response = await arrived;
    const headers = await response.allHeaders();
    const asked = (await response.request().allHeaders())['accept-encoding'] ?? '';
    expect(asked).toContain(headers['content-encoding'] ?? 'identity');
    expect(Number(headers['content-length'])).toBeLessThanOrEqual(8 * 1024);
    await page.close();
  }, 60_000);

  it('fits a narrow phone screen and works from the keyboard', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 667 } });
    await page.goto(`${web.url}/`);
    const launcherBox = await page.locator('[data-testid="launcher"]').boundingBox();
    expect((launcherBox?.x ?? 999) + (launcherBox?.width ?? 0)).toBeLessThanOrEqual(375);
    await page.goto(`${web.url}/`);
    await page.waitForSelector('[data-testid="launcher"]');
    await page.focus('[data-testid="launcher"]');
    await page.keyboard.press('Enter');
    const panel = await page.locator('[data-testid="panel"]').boundingBox();
    expect(panel?.width).toBeGreaterThanOrEqual(370);
    // The page itself fits the phone: nothing scrolls sideways, so the launcher is on screen.
    expect(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.keyboard.type('help');
    await page.keyboard.press('Enter');
    await expect.poll(() => lastTutor(page).textContent()).toMatch(/What you can say/);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid="panel"]').isVisible()).toBe(false);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: resolve(ARTIFACTS, 'widget-phone.png') });
    await page.close();
  }, 60_000);
});
