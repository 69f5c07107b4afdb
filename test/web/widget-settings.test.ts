// The widget on a school's own page, in real headless Chromium: the site owner's settings on the script tag, the
// JavaScript API, the interface in French, and what a misconfigured page shows (to whoever can fix it).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, launchChromium } from '../helpers/browser.ts';
import { openPonder, type Ponder } from '../../src/app.ts';
import { createWebAdapter, type WebAdapter } from '../../adapters/web/server.ts';
import { readWebConfig } from '../../adapters/web/config.ts';
import { BUNDLED, tempDb } from '../helpers/session.ts';

/** What the page's own scripts see of the widget (the test runs them in the browser, where window is this). */
interface PageWindow {
  Ponder?: { open(): void; close(): void; identify(token?: string): void; on(event: string, handler: () => void): () => void };
  seen: string[];
  getComputedStyle(el: unknown): { backgroundColor: string };
}


/** A host site of its own origin serving one page with the given script tag attributes. */
async function hostSite(attributes: () => string): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width"><title>Year 5</title></head><body><h1>Fractions, Year 5</h1>${attributes()}</body></html>`);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe.skipIf(!CHROMIUM)('the widget as a site owner sets it up', () => {
  let browser: Browser;
  let ponder: Ponder;
  let web: WebAdapter;
  let school: { url: string; server: Server };
  let elsewhere: { url: string; server: Server };
  let cleanup: () => void;
  let tag = '';

  beforeAll(async () => {
    const db = tempDb();
    cleanup = db.cleanup;
    school = await hostSite(() => tag);
    elsewhere = await hostSite(() => tag);
    ponder = openPonder({ curriculumDir: BUNDLED, dbPath: db.dbPath });
    const config = readWebConfig({ PONDER_ORIGINS: `school=${school.url}` });
    web = await createWebAdapter({ tutor: ponder.tutor, config: { ...config, sites: { ...config.sites, school: { origins: [school.url] } }, port: 0, host: '127.0.0.1' } });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await ponder?.close();
    school?.server.close();
    elsewhere?.server.close();
    cleanup?.();
  });

  const lastTutor = (page: Page) => page.locator('[data-testid="message"][data-role="tutor"]').last();

  it('greets at once in the site\'s words and colours, on the left, and offers only the page\'s topics', async () => {
    tag = `<script src="${web.url}/widget.js" data-site="school" data-title="Fractions helper" data-color="#0f766e" data-position="left" data-greeting="Welcome to Year 5 fractions!" data-packs="fractions" async></script>`;
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    await page.goto(`${school.url}/`);
    await page.click('[data-testid="launcher"]');
    // Before anything is sent: the greeting, not an empty panel.
    await expect.poll(() => page.locator('[data-testid="greeting"]').textContent()).toBe('Welcome to Year 5 fractions!');
    expect(await page.locator('[data-testid="panel"] h2').textContent()).toBe('Fractions helper');
    const launcher = await page.locator('[data-testid="launcher"]').boundingBox();
    expect(launcher?.x).toBeLessThan(100);
    const header = await page.locator('[data-testid="panel"] .head').evaluate((el) => (globalThis as unknown as PageWindow).getComputedStyle(el).backgroundColor);
    expect(header).toBe('rgb(15, 118, 110)');

    await page.fill('[data-testid="input"]', 'topics');
    await page.click('[data-testid="send"]');
    await expect.poll(() => lastTutor(page).textContent()).toMatch(/Fractions/);
    expect(await lastTutor(page).textContent()).not.toMatch(/SQL/);
    await page.close();
  }, 60_000);

  it('answers the page\'s own script: open, close, events and a switch of learner', async () => {
    tag = `<script src="${web.url}/widget.js" data-site="school" async></script>`;
    const page = await browser.newPage();
    await page.goto(`${school.url}/`);
    await page.waitForFunction(() => Boolean((globalThis as unknown as PageWindow).Ponder));
    await page.evaluate(() => {
      const w = globalThis as unknown as PageWindow;
      w.seen = [];
      for (const name of ['open', 'close', 'ready', 'reply']) w.Ponder?.on(name, () => w.seen.push(name));
      w.Ponder?.open();
    });
    await expect.poll(() => page.locator('[data-testid="panel"]').isVisible()).toBe(true);
    await page.fill('[data-testid="input"]', 'help');
    await page.click('[data-testid="send"]');
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as PageWindow).seen.includes('reply'))).toBe(true);
    await page.evaluate(() => (globalThis as unknown as PageWindow).Ponder?.identify());
    await page.evaluate(() => (globalThis as unknown as PageWindow).Ponder?.close());
    const seen = await page.evaluate(() => (globalThis as unknown as PageWindow).seen);
    expect(seen.slice(0, 2)).toEqual(['open', 'ready']);
    expect(seen).toContain('close');
    expect(await page.locator('[data-testid="panel"]').isVisible()).toBe(false);
    await page.close();
  }, 60_000);

  it('speaks French around the tutor when the page asks for it', async () => {
    tag = `<script src="${web.url}/widget.js" data-site="school" data-lang="fr" async></script>`;
    const page = await browser.newPage();
    await page.goto(`${school.url}/`);
    await page.click('[data-testid="launcher"]');
    await expect.poll(() => page.locator('[data-testid="input"]').getAttribute('placeholder')).toBe('Écris ta réponse…');
    expect(await page.locator('[data-testid="greeting"]').textContent()).toMatch(/Bonjour/);
    expect(await page.locator('[data-testid="send"]').getAttribute('aria-label')).toBe('Envoyer');
    await page.close();
  }, 60_000);

  it('tells whoever opens it on a page the site does not allow which address to add, and where', async () => {
    tag = `<script src="${web.url}/widget.js" data-site="school" async></script>`;
    const page = await browser.newPage();
    await page.goto(`${elsewhere.url}/`);
    await page.click('[data-testid="launcher"]');
    const status = page.locator('[data-testid="status"][data-kind="error"]');
    await expect.poll(() => status.textContent()).toContain(elsewhere.url);
    expect(await status.textContent()).toMatch(/PONDER_ORIGINS/);
    // Not a network problem: no endless "Reconnecting…", no retry button.
    expect(await page.locator('[data-testid="retry"]').count()).toBe(0);
    await page.close();
  }, 60_000);
});
