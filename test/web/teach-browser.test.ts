// The staff dashboard end to end in real headless Chromium (Debian's chromium, driven by playwright-core):
// sign-in by link, a class whose learners joined from the terminal and from the widget, the grid, an alert with
// its evidence, an override the learner then sees in the widget, a CSV download; another class's staff, a
// replayed link and a forged change refused. Screenshots go to a folder under the OS temp dir.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CHROMIUM, openBrowserServer, warnWithoutChromium, type BrowserServer } from '../helpers/browser.ts';
import type { Ponder } from '../../src/app.ts';
import type { WebAdapter } from '../../adapters/web/server.ts';
import { MINI } from '../helpers/session.ts';

warnWithoutChromium('the staff dashboard browser tests');

describe.skipIf(!CHROMIUM)('the staff dashboard in a real browser', () => {
  let server: BrowserServer;
  let browser: Browser;
  let ponder: Ponder;
  let web: WebAdapter;
  let shots: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await openBrowserServer({ curriculumDir: MINI });
    ({ browser, ponder, web } = server);
    shots = mkdtempSync(join(tmpdir(), 'ponder-teach-screenshots-'));
  }, 60_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await server?.close();
  });

  /** A browser of its own (its own cookies), as a different person's computer. */
  async function person(viewport = { width: 1280, height: 900 }): Promise<Page> {
    const context = await browser.newContext({ viewport, acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    // A page that breaks its own CSP, or throws, is a bug here.
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
    });
    (page as Page & { problems: string[] }).problems = problems;
    return page;
  }
  const problemsOf = (page: Page) => (page as Page & { problems?: string[] }).problems ?? [];

  async function screenshot(page: Page, name: string): Promise<void> {
    const path = join(shots, `${name}.png`);
    await page.screenshot({ path, fullPage: true });
    console.log(`screenshot: ${path}`);
  }

  const cli = (identity: string) => async (text: string) => (await ponder.tutor.reply({ identity, text })).replies.map((r) => r.text);

  /** The widget on the demo page, as a learner uses it. */
  async function widgetSay(page: Page, text: string): Promise<void> {
    const tutor = page.locator('[data-testid="message"][data-role="tutor"]');
    const before = await tutor.count();
    await page.fill('[data-testid="input"]', text);
    await page.click('[data-testid="send"]');
    await expect.poll(() => tutor.count()).toBeGreaterThan(before);
    await page.locator('[data-testid="status"][data-busy="false"]').waitFor({ state: 'attached' });
  }

  const visible = (page: Page) => page.locator('main').innerText();
  /** How wide the page is laid out: wider than the window means it scrolls sideways. */
  const pageWidth = (page: Page) => page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
  const changes = (page: Page) => page.getByRole('table', { name: /Every change staff made/ });

  let adaLink = '';
  let classUrl = '';

  it('staff sign in by link, read the grid and an alert with its evidence, change what the tutor does, and download a CSV', async () => {
    const cls = await ponder.classroom.createClass('Year 5 Maths');
    adaLink = `${web.url}/teach/sign-in?token=${(await ponder.classroom.addStaff('ada@school.org', 'Year 5 Maths')).token}`;

    // A learner at the terminal joins, and answers wrong again and again.
    const ana = cli('cli:ana');
    expect((await ana(`join ${cls.joinCode}`)).join('\n')).toContain('ada@school.org can see your progress');
    await ana('start mini');
    await ana('skip');
    for (const wrong of ['5', '6', '9', '3']) await ana(wrong);

    // A learner on the school's page joins through the widget.
    const learner = await person({ width: 1000, height: 800 });
    await learner.goto(`${web.url}/`);
    await learner.click('[data-testid="launcher"]');
    await widgetSay(learner, `join ${cls.joinCode}`);
    await expect.poll(() => learner.locator('[data-testid="messages"]').textContent()).toContain('You joined Year 5 Maths');
    await widgetSay(learner, 'start mini');
    await widgetSay(learner, 'skip');
    await widgetSay(learner, '4');

    // The teacher signs in with the link and lands on their classes.
    const staff = await person();
    const landed = await staff.goto(adaLink);
    expect(landed?.url()).toBe(`${web.url}/teach`);
    expect(await staff.locator('h1').innerText()).toBe('Your classes');
    const row = staff.locator('table tbody tr', { hasText: 'Year 5 Maths' });
    expect(await row.innerText()).toMatch(/Year 5 Maths\s+\S{4}-\S{4}\s+2/);
    await row.locator('a').click();
    classUrl = staff.url();
    expect(classUrl).toBe(`${web.url}/teach/classes/${cls.id}`);

    // The grid: both learners, the verdict per concept, the probability on hover and for a screen reader.
    const grid = staff.locator('table.grid');
    expect(await grid.locator('caption').innerText()).toBe('Mastery by learner and concept');
    const rows = grid.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await grid.locator('tbody th[scope="row"]').allInnerTexts()).toEqual(['terminal, ana', expect.stringMatching(/^anonymous #[0-9a-f]{6} \(demo\)$/)]);
    const anaHalves = rows.nth(0).locator('td').first();
    expect(await anaHalves.getAttribute('title')).toMatch(/^Halves: not yet mastered \(\d+% likely known\)$/);
    expect(await anaHalves.locator('i').textContent()).toMatch(/^not yet, \d+%$/);
    // An alert with the evidence behind it.
    const alerts = await staff.locator('section', { has: staff.locator('#alerts') }).innerText();
    expect.soft(alerts).toContain('STUCK');
    expect.soft(alerts).toMatch(/terminal, ana: Stuck on Halves\s+Evidence: 4 wrong answers in a row this week/);

    // It fits a tablet without the page scrolling sideways, and shows where the keyboard is.
    await screenshot(staff, 'overview-laptop');
    await staff.setViewportSize({ width: 768, height: 1024 });
    expect(await pageWidth(staff)).toBeLessThanOrEqual(768);
    await screenshot(staff, 'overview-tablet');
    await staff.setViewportSize({ width: 1280, height: 900 });
    await staff.keyboard.press('Tab');
    const focus = await staff.evaluate(() => {
      const d = (globalThis as unknown as { document: { activeElement: { textContent: string } | null } }).document;
      const el = d.activeElement;
      const style = (globalThis as unknown as { getComputedStyle: (e: unknown) => { outlineStyle: string; outlineWidth: string } }).getComputedStyle(el);
      return { text: el?.textContent, outline: style.outlineStyle, width: style.outlineWidth };
    });
    expect(focus).toEqual({ text: 'Skip to content', outline: 'solid', width: '3px' });

    // The learner at the terminal: their record, and a change of what the tutor does, with a reason.
    await grid.getByRole('link', { name: 'terminal, ana' }).click();
    expect(await staff.locator('h1').innerText()).toBe('terminal, ana');
    expect(await staff.locator('svg.dots[role="img"]').first().getAttribute('aria-label')).toBe('Halves: 4 attempts, 4 wrong; latest wrong');
    expect(await visible(staff)).toMatch(/Why: /);
    await staff.getByLabel('Concept to work on next').selectOption('mini/adding');
    await staff.locator('#n-reason').fill('We did halves in class on Monday');
    await staff.getByRole('button', { name: 'Assign' }).click();
    expect(await staff.locator('[role="status"]').innerText()).toContain('Saved. The learner sees this change');
    expect(await changes(staff).innerText()).toMatch(/Assigned Adding fractions next\s+We did halves in class on Monday\s+waiting for their next turn/);
    await screenshot(staff, 'learner');
    await staff.setViewportSize({ width: 768, height: 1024 });
    expect(await pageWidth(staff)).toBeLessThanOrEqual(768);
    await screenshot(staff, 'learner-tablet');
    await staff.setViewportSize({ width: 1280, height: 900 });

    const told = await ana('ok');
    expect(told[0]).toBe('Your teacher moved you on to **Adding fractions**: "We did halves in class on Monday"');
    await staff.reload();
    expect(await changes(staff).innerText()).toContain('seen by the learner');

    // The widget learner: worked solutions hidden, which they read in the widget at their next turn.
    await staff.goto(classUrl);
    await staff.locator('table.grid tbody th a').nth(1).click();
    await staff.getByLabel('Hide them').check();
    await staff.locator('#s-reason').fill('Try them without the answers first');
    await staff.getByRole('button', { name: 'Save', exact: true }).click();
    expect(await staff.locator('[role="status"]').innerText()).toContain('Saved.');
    await staff.getByLabel('Concept', { exact: true }).selectOption('mini/halves');
    await staff.getByLabel('Mastered').check();
    await staff.locator('#m-reason').fill('You showed me halves in class');
    await staff.getByRole('button', { name: 'Save mastery' }).click();
    expect(await changes(staff).innerText()).toMatch(/Marked Halves as mastered\s+You showed me halves in class\s+waiting/);
    await widgetSay(learner, 'ok');
    await expect
      .poll(() => learner.locator('[data-testid="message"][data-role="tutor"]').allInnerTexts())
      .toContainEqual(expect.stringContaining('Your teacher asked me not to show worked solutions for now: "Try them without the answers first"'));
    expect(await learner.locator('[data-testid="messages"]').innerText()).toContain('Your teacher marked Halves as mastered: "You showed me halves in class"');
    await screenshot(learner, 'widget-learner-sees-override');

    // The grid as a spreadsheet.
    await staff.goto(classUrl);
    const widgetHalves = staff.locator('table.grid tbody tr').nth(1).locator('td').first();
    expect(await widgetHalves.innerText()).toContain('✓');
    expect(await widgetHalves.getAttribute('title')).toMatch(/^Halves: mastered \(\d+% likely known\)$/);
    await screenshot(staff, 'overview-after-changes');
    const download = staff.waitForEvent('download');
    await staff.getByRole('link', { name: 'Mastery grid (CSV)' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^year-5-maths-grid-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await file.path()) ?? '', 'utf8');
    expect(csv).toMatch(/^\uFEFFlearner,last active,Mini fractions: Halves \(p\)/);
    expect(csv).toContain('\r\ncli:ana,');
    expect(csv.trim().split('\r\n')).toHaveLength(3);

    expect(problemsOf(staff)).toEqual([]);
  }, 120_000);

  it("refuses another class's staff, a replayed sign-in link and a forged change", async () => {
    await ponder.classroom.createClass('Year 6 Maths');
    const bob = await person();
    await bob.goto(`${web.url}/teach/sign-in?token=${(await ponder.classroom.addStaff('bob@school.org', 'Year 6 Maths')).token}`);
    expect(await visible(bob)).toContain('Year 6 Maths');
    expect(await visible(bob)).not.toContain('Year 5 Maths');
    const refused = await bob.goto(classUrl);
    expect(refused?.status()).toBe(404);
    expect(await visible(bob)).toContain('it belongs to a class you do not teach');

    // Ada's link was used when she signed in: it does not work a second time, for anyone.
    const stranger = await person();
    const replayed = await stranger.goto(adaLink);
    expect(replayed?.status()).toBe(403);
    expect(await stranger.locator('h1').innerText()).toBe('This sign-in link is invalid or already used');
    expect(await visible(stranger)).toContain('ponder staff add');
    expect((await stranger.goto(`${web.url}/teach`))?.status()).toBe(401);

    // A form whose CSRF token is not the session's is refused, and the session goes on.
    await bob.goto(`${web.url}/teach`);
    await bob.evaluate(() => {
      const d = (globalThis as unknown as { document: { querySelector: (s: string) => { value: string } | null } }).document;
      const field = d.querySelector('input[name="csrf"]');
      if (field) field.value = 'forged-forged-forged-forged-forged';
    });
    const [answer] = await Promise.all([bob.waitForResponse((r) => r.url().endsWith('/teach/sign-out')), bob.getByRole('button', { name: 'Sign out' }).click()]);
    expect(answer.status()).toBe(403);
    expect(await bob.locator('h1').innerText()).toBe('That change was refused');
    expect((await bob.goto(`${web.url}/teach`))?.status()).toBe(200);
    await screenshot(bob, 'refused-change');
    expect(problemsOf(bob)).toEqual([]);
  }, 60_000);

  it('a sign-in link opened from another site (a webmail, a chat) signs in too', async () => {
    // 127.0.0.1 and localhost are different sites: the link is clicked on a page of the one, for the other.
    const link = `${web.url}/teach/sign-in?token=${(await ponder.classroom.addStaff('cy@school.org', 'Year 6 Maths')).token}`;
    const page = await person();
    await page.goto(`${web.url.replace('127.0.0.1', 'localhost')}/`);
    await page.evaluate((href) => {
      const d = (globalThis as unknown as { document: { createElement: (t: string) => { href: string; textContent: string; id: string }; body: { append: (e: unknown) => void } } }).document;
      const a = d.createElement('a');
      a.href = href;
      a.textContent = 'Your sign-in link';
      a.id = 'mail-link';
      d.body.append(a);
    }, link);
    await page.click('#mail-link');
    await page.waitForURL(`${web.url}/teach`);
    expect(await page.locator('h1').innerText()).toBe('Your classes');
    expect(await visible(page)).toContain('Year 6 Maths');
  }, 60_000);
});
