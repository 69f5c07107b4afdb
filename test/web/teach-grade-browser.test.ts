// A grade confirmed in a real browser: a teacher opens the answers a model could not grade with confidence, grades
// one with a reason, and the learner hears it at their next turn. The model's low-confidence grade comes from the
// real Anthropic SDK against the local fake (as in test/classes/grades.test.ts).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebAdapter } from '../../adapters/web/server.ts';
import type { Ponder } from '../../src/app.ts';
import { useFakeAnthropic } from '../helpers/anthropic.ts';
import { CHROMIUM, openBrowserServer, type BrowserServer } from '../helpers/browser.ts';

const suite = useFakeAnthropic();

describe.skipIf(!CHROMIUM)('grading a queued answer in a real browser', () => {
  let server: BrowserServer;
  let browser: Browser;
  let ponder: Ponder;
  let web: WebAdapter;

  beforeAll(async () => {
    server = await openBrowserServer({ curriculumDir: resolve(import.meta.dirname, '../fixtures/curriculum-llm'), model: suite.model(), modelBudgetMs: 3000 });
    ({ browser, ponder, web } = server);
  }, 60_000);

  afterAll(() => server?.close());

  it('shows the answer with the model\'s reading, takes the grade and reason, and the learner then hears it', async () => {
    suite.fake.setHandler((body) =>
      body.tools?.some((t) => t.name === 'grade_answer')
        ? { toolUse: { name: 'grade_answer', input: { points: [{ id: 'how-many', met: true, evidence: 'halves' }, { id: 'more-halves', met: false, evidence: '' }], score: 0.5, confidence: 0.3 } } }
        : { text: 'Okay.' },
    );
    const cls = await ponder.classroom.createClass('Year 6');
    const { token } = await ponder.classroom.addStaff('ada@school.example', 'Year 6');
    const say = (text: string) => ponder.tutor.reply({ identity: 'cli:ana', text });
    await say(`join ${cls.joinCode}`);
    await say('start llm');
    let open = (await say('skip')).open;
    while (open?.id !== 'div-why') open = (await say('skip')).open;
    await say('it is about halves i think');

    const page = await (await browser.newContext()).newPage();
    await page.goto(`${web.url}/teach/sign-in?token=${token}`);
    await page.getByRole('link', { name: 'Year 6' }).click();
    await page.getByRole('link', { name: /Answers to grade \(1\)/ }).click();
    await expect.poll(() => page.locator('blockquote').textContent()).toBe('it is about halves i think');
    await page.getByLabel('Right', { exact: true }).check();
    await page.getByLabel('Reason (the learner reads it)').fill('halves fitting is the key idea');
    await page.getByRole('button', { name: 'Save grade' }).click();
    await expect.poll(() => page.getByText('Nothing waiting.').count()).toBe(1);
    const shots = mkdtempSync(join(tmpdir(), 'ponder-grade-screenshots-'));
    await page.screenshot({ path: join(shots, 'graded.png'), fullPage: true });
    console.log(`screenshot: ${join(shots, 'graded.png')}`);

    const next = await say('ok');
    expect(next.replies.map((r) => r.text).join('\n')).toMatch(/marked it right: "halves fitting is the key idea"/);
  }, 60_000);
});
