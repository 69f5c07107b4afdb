// What a learner notices when Discord misbehaves, through the real discord.js against a local Discord: rate limits
// waited out, a dropped gateway resumed with nothing answered twice (also across a restart), a failed delivery
// apologised for, and long or streamed replies shown within Discord's limits.
import { REST } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { DISCORD } from '../../adapters/discord/app.ts';
import { channelOutbox } from '../../adapters/discord/outbox.ts';
import { deliver, type TutorEvent } from '../../src/index.ts';
import { after, openDiscord, textOf, type DiscordUnderTest } from './harness.ts';

let open: DiscordUnderTest | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

describe('the Discord adapter under rate limits and failures', () => {
  it('waits out a 429 as its retry_after says, and the reply arrives once', async () => {
    const d = (open = await openDiscord());
    const ada = d.fake.user('ada');
    const dm = d.fake.dmChannelOf(ada);
    const messages = new RegExp(`^/channels/${dm}/messages$`);
    d.fake.rateLimit('POST', messages, 1, 1);
    d.fake.dm(ada, 'help');
    await d.fake.settle(() => d.fake.in(dm).length >= 1, { timeoutMs: 10_000 });
    const tries = d.fake.calls.filter((c) => c.method === 'POST' && messages.test(c.path));
    // The welcome of someone new and the help, one message held back by the limit, then shown once.
    expect(tries.map((c) => c.status)).toEqual([429, 200]);
    expect((tries[1]?.at ?? 0) - (tries[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(d.fake.in(dm)).toHaveLength(1);
    expect(textOf(d.fake.in(dm)).match(/What you can say/g)).toHaveLength(1);
  });

  it('apologises in a line when a reply cannot be delivered, and never shows the error', async () => {
    const d = (open = await openDiscord());
    const bo = d.fake.user('bo');
    const dm = d.fake.dmChannelOf(bo);
    d.fake.fail('POST', new RegExp(`^/channels/${dm}/messages$`), 1, 403);
    const shown = await after(d.fake, dm, () => d.fake.dm(bo, 'help'));
    expect(textOf(shown)).toBe('Sorry, something went wrong on my side. Please send that again.');
  });
});

describe('the gateway connection', () => {
  it('resumes after a drop; a message sent meanwhile is answered once, and so is the next', async () => {
    const d = (open = await openDiscord());
    const cy = d.fake.user('cy');
    const dm = d.fake.dmChannelOf(cy);
    await after(d.fake, dm, () => d.fake.dm(cy, 'start mini'));
    const before = d.fake.in(dm).length;

    d.fake.gateway.drop('network');
    // Sent while the bot is away: Discord keeps it for the resumed session.
    d.fake.dm(cy, 'skip');
    await d.fake.settle(() => d.fake.gateway.resumes === 1 && d.fake.in(dm).length > before, { timeoutMs: 10_000 });
    const answered = d.fake.in(dm).slice(before);
    expect(textOf(answered).match(/What is half of \d+\?/g)).toHaveLength(1);
    expect(d.fake.gateway.identifies).toBe(1);

    // Discord asking for a reconnect (op 7) is resumed too, and the next message is answered once.
    d.fake.gateway.drop('reconnect');
    await d.fake.settle(() => d.fake.gateway.resumes === 2 && d.fake.gateway.live(), { timeoutMs: 10_000 });
    const next = await after(d.fake, dm, () => d.fake.dm(cy, 'hint'));
    expect(next).toHaveLength(1);
    expect(textOf(next)).toMatch(/nudge|Hint/i);
    expect((await d.rows(cy))['turns']).toBe(3);
  });

  it('resumes after Discord closes the socket, and identifies afresh when Discord drops the session', async () => {
    const d = (open = await openDiscord());
    const gil = d.fake.user('gil');
    const dm = d.fake.dmChannelOf(gil);
    d.fake.gateway.drop('server-close');
    await d.fake.settle(() => d.fake.gateway.resumes === 1 && d.fake.gateway.live(), { timeoutMs: 10_000 });
    expect(textOf(await after(d.fake, dm, () => d.fake.dm(gil, 'start mini')))).toMatch(/Mini fractions/);
    d.fake.gateway.drop('invalid-session');
    await d.fake.settle(() => d.fake.gateway.identifies === 2 && d.fake.gateway.live(), { timeoutMs: 10_000 });
    const next = await after(d.fake, dm, () => d.fake.dm(gil, 'skip'));
    expect(textOf(next).match(/What is half of \d+\?/g)).toHaveLength(1);
  });

  it('never answers one message id twice, also after a restart over the same database', async () => {
    const d = (open = await openDiscord());
    const di = d.fake.user('di');
    const dm = d.fake.dmChannelOf(di);
    const id = d.fake.dm(di, 'start mini');
    await d.fake.settle(() => d.fake.in(dm).length > 0);
    const first = d.fake.in(dm).length;
    await d.restart();
    // The same message delivered to the new process (a replay): nothing is posted for it again.
    d.fake.dm(di, 'start mini', id);
    await d.fake.settle(() => true, { quietMs: 300 });
    expect(d.fake.in(dm)).toHaveLength(first);
    expect((await d.rows(di))['turns']).toBe(1);
    const next = await after(d.fake, dm, () => d.fake.dm(di, 'skip'));
    expect(textOf(next)).toMatch(/What is half of \d+\?/);
  });
});

describe('long and streamed replies', () => {
  const end: TutorEvent = { type: 'end', open: null, mastery: {}, mastered: [] };

  it('splits a reply over 2,000 characters on paragraph boundaries, never inside a code block', async () => {
    const d = (open = await openDiscord());
    const eve = d.fake.user('eve');
    const dm = d.fake.dmChannelOf(eve);
    const code = ['```sql', ...Array.from({ length: 60 }, (_, i) => `SELECT name, grade FROM pupils WHERE id = ${i};`), '```'].join('\n');
    const text = [`${'A first paragraph of explanation. '.repeat(30).trim()}`, code, 'And a last word.'].join('\n\n');
    expect(text.length).toBeGreaterThan(2000);
    const rest = new REST({ version: '10', api: d.fake.apiUrl, retries: 1, timeout: 3000 }).setToken(d.fake.token);
    async function* events(): AsyncIterable<TutorEvent> {
      yield { type: 'reply', reply: { text, why: 'test', move: 'explain' } };
      yield end;
    }
    await deliver(events(), channelOutbox(rest, dm, eve.id), DISCORD);
    const shown = d.fake.in(dm);
    expect(shown.length).toBeGreaterThan(1);
    for (const m of shown) {
      expect(m.content.length).toBeLessThanOrEqual(2000);
      // Every message renders on its own: its code fences are closed.
      expect((m.content.match(/```/g) ?? []).length % 2).toBe(0);
    }
    const all = shown.map((m) => m.content).join('\n');
    for (let i = 0; i < 60; i++) expect(all).toContain(`WHERE id = ${i};`);
    expect(shown[0]?.content.startsWith('A first paragraph')).toBe(true);
    expect(shown.at(-1)?.content.endsWith('And a last word.')).toBe(true);
  });

  it('streams by editing one message at most about once a second, and ends on the final text', async () => {
    const d = (open = await openDiscord());
    const fay = d.fake.user('fay');
    const dm = d.fake.dmChannelOf(fay);
    const rest = new REST({ version: '10', api: d.fake.apiUrl, retries: 1, timeout: 3000 }).setToken(d.fake.token);
    async function* events(): AsyncIterable<TutorEvent> {
      for (let i = 0; i < 12; i++) {
        yield { type: 'delta', text: `Part ${i}. ` };
        await new Promise((r) => setTimeout(r, 200));
      }
      yield { type: 'reply', reply: { text: 'The final reply, as the guard passed it.', why: 'test', move: 'explain' } };
      yield end;
    }
    await deliver(events(), channelOutbox(rest, dm, fay.id), DISCORD);
    expect(d.fake.in(dm)).toHaveLength(1);
    expect(d.fake.in(dm)[0]?.content).toBe('The final reply, as the guard passed it.');
    const edits = d.fake.calls.filter((c) => c.method === 'PATCH' && c.path.startsWith(`/channels/${dm}/messages/`));
    // The drafts in between, then the final text: never two draft edits within a second.
    const drafts = edits.slice(0, -1);
    expect(drafts.length).toBeGreaterThan(0);
    for (let i = 1; i < drafts.length; i++) expect((drafts[i]?.at ?? 0) - (drafts[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(1000);
  });
});
