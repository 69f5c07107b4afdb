// Direct messages with the bot, through the real discord.js against a local Discord: a whole lesson, slash
// commands answered through a deferred reply, the data export as a file, forget me, and what the bot ignores.
import { afterEach, describe, expect, it } from 'vitest';
import type { Tutor } from '../../src/index.ts';
import { after, openDiscord, textOf, type DiscordUnderTest } from './harness.ts';

let open: DiscordUnderTest | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

const posts = (d: DiscordUnderTest, channel: string) => d.fake.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${channel}/messages`);

describe('a direct conversation with the bot', () => {
  it('goes from the welcome through a wrong answer, a hint and a right answer to progress', async () => {
    const d = (open = await openDiscord());
    const ada = d.fake.user('ada');
    const dm = d.fake.dmChannelOf(ada);

    const welcome = await after(d.fake, dm, () => d.fake.dm(ada, 'start mini'));
    expect(textOf(welcome)).toMatch(/I'm Ponder/);
    expect(textOf(welcome)).toMatch(/Mini fractions/);
    expect(welcome.flatMap((m) => m.buttons.map((b) => b.label))).toContain('Skip the check');

    const first = await after(d.fake, dm, () => d.fake.dm(ada, 'skip'));
    expect(textOf(first)).toMatch(/What is half of \d+\?/);

    // A wrong answer is met with a guiding question, not the answer.
    const answer = await d.rightAnswer(ada);
    const wrong = await after(d.fake, dm, () => d.fake.dm(ada, '999'));
    expect(textOf(wrong)).toMatch(/\?\s*$/);
    expect(textOf(wrong)).not.toMatch(new RegExp(`\\b${answer}\\b`));

    const hint = await after(d.fake, dm, () => d.fake.dm(ada, 'hint'));
    expect(textOf(hint)).toMatch(/nudge|Hint/i);

    const asked = await d.openItem(ada);
    const right = await after(d.fake, dm, () => d.fake.dm(ada, answer));
    expect(textOf(right)).toMatch(/Right|Spot on|Correct|Well done/i);
    expect(textOf(right)).toMatch(/What is half of \d+\?/);
    expect((await d.openItem(ada))?.id).not.toBe(asked?.id);

    const progress = await after(d.fake, dm, () => d.fake.dm(ada, 'progress'));
    expect(textOf(progress)).toMatch(/\*\*Mini fractions\*\*: \d+ of 3 mastered/);

    // Every message fits Discord and pings no one, whatever it quotes.
    expect(d.fake.in(dm).every((m) => m.content.length <= 2000)).toBe(true);
    expect(posts(d, dm).every((c) => JSON.stringify((c.body as { allowed_mentions?: unknown }).allowed_mentions) === '{"parse":[]}')).toBe(true);
    expect(await d.ponder.tutor.status(`discord:${ada.id}`)).toMatchObject({ open: { concept: 'halves' } });
  });

  it('ignores its own messages and other bots', async () => {
    const d = (open = await openDiscord());
    const helper = { ...d.fake.user('helper-bot'), bot: true };
    d.fake.dm(d.fake.bot, 'start mini');
    d.fake.dm(helper, 'start mini');
    await d.fake.settle(() => true, { quietMs: 300 });
    expect(d.fake.messages).toEqual([]);
    expect(await d.ponder.store.learnerFor(`discord:${helper.id}`)).toBeUndefined();
    expect(await d.ponder.store.learnerFor(`discord:${d.fake.bot.id}`)).toBeUndefined();
  });

  it('sends "export my data" as a JSON file in the direct messages', async () => {
    const d = (open = await openDiscord());
    const bo = d.fake.user('bo');
    const dm = d.fake.dmChannelOf(bo);
    await after(d.fake, dm, () => d.fake.dm(bo, 'start mini'));
    await after(d.fake, dm, () => d.fake.dm(bo, 'export my data'));
    const file = d.fake.in(dm).flatMap((m) => m.files)[0];
    expect(file?.filename).toMatch(/\.json$/);
    expect(JSON.parse(file?.content ?? '{}')).toMatchObject({ identities: [`discord:${bo.id}`] });
  });

  it('forgets every row about the learner once they confirm with a button, and only then', async () => {
    const d = (open = await openDiscord());
    const cy = d.fake.user('cy');
    const dm = d.fake.dmChannelOf(cy);
    await after(d.fake, dm, () => d.fake.dm(cy, 'start mini'));
    await after(d.fake, dm, () => d.fake.dm(cy, 'skip'));
    const ask = await after(d.fake, dm, () => d.fake.dm(cy, 'forget me'));
    expect(await d.rowsAbout(cy)).toBeGreaterThan(0);
    const confirm = ask.find((m) => m.buttons.some((b) => /yes/i.test(b.label)));
    const yes = confirm?.buttons.find((b) => /yes/i.test(b.label));
    if (!confirm || !yes) throw new Error('no confirmation buttons');
    const bye = await after(d.fake, dm, () => d.fake.click(cy, confirm, yes.customId));
    expect(textOf(bye)).toMatch(/delet|forg|gone/i);
    expect(await d.ponder.store.learnerFor(`discord:${cy.id}`)).toBeUndefined();
    expect(await d.rowsAbout(cy)).toBe(0);
    // The pressed message keeps its text and loses the use of its buttons.
    expect(confirm.buttons.every((b) => b.disabled)).toBe(true);
  });
});

describe('typing in direct messages', () => {
  it('shows "typing…" while a slow turn runs, before its reply, and none for a turn answered at once', async () => {
    // A tutor that takes as long as a slow language model before its first word.
    const slow = (tutor: Tutor): Tutor => ({
      ...tutor,
      handle: (turn) =>
        (async function* () {
          if (turn.text === 'help') await new Promise((r) => setTimeout(r, 2500));
          yield* tutor.handle(turn);
        })(),
    });
    // Typing from 1.5 s on: a quick turn stays under it even on a busy machine, the slow one passes it.
    const d = (open = await openDiscord({ wrap: slow, adapter: { typingAfterMs: 1500 } }));
    const gus = d.fake.user('gus');
    const dm = d.fake.dmChannelOf(gus);
    const typings = () => d.fake.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${dm}/typing`);
    // The first turn warms the tutor up; the one after it, answered at once, shows no indicator.
    await after(d.fake, dm, () => d.fake.dm(gus, 'start mini'));
    const warm = typings().length;
    await after(d.fake, dm, () => d.fake.dm(gus, 'skip'));
    await new Promise((r) => setTimeout(r, 1600));
    expect(typings()).toHaveLength(warm);
    const before = posts(d, dm).length;
    await after(d.fake, dm, () => d.fake.dm(gus, 'help'));
    const typing = typings()[0];
    expect(typing).toBeDefined();
    expect(d.fake.calls.indexOf(typing ?? d.fake.calls[0]!)).toBeLessThan(d.fake.calls.indexOf(posts(d, dm)[before] ?? d.fake.calls[0]!));
  });
});

describe('/ponder in direct messages', () => {
  it('acknowledges at once with a deferral, then the answer replaces "thinking…", even when the turn is slow', async () => {
    // A tutor that takes as long as a slow language model before its first word.
    const slow = (tutor: Tutor): Tutor => ({
      ...tutor,
      handle: (turn) =>
        (async function* () {
          await new Promise((r) => setTimeout(r, 1500));
          yield* tutor.handle(turn);
        })(),
    });
    const d = (open = await openDiscord({ wrap: slow }));
    const eve = d.fake.user('eve');
    const dm = d.fake.dmChannelOf(eve);
    const id = d.fake.slash(eve, dm, 'help');
    await d.fake.settle(() => d.fake.messages.some((m) => m.interactionId === id && !m.deferred), { timeoutMs: 8000 });
    const [callback] = d.fake.callbacks.filter((c) => c.interactionId === id);
    // Deferred (type 5), visible in the learner's own DM, well inside Discord's 3 s.
    expect(callback).toMatchObject({ type: 5, ephemeral: false });
    expect(callback?.afterMs).toBeLessThan(1000);
    const answer = d.fake.messages.filter((m) => m.interactionId === id);
    expect(textOf(answer)).toMatch(/What you can say|help/i);
  });

  it('shows progress as an embed with a bar per concept, to the learner only', async () => {
    const d = (open = await openDiscord());
    const flo = d.fake.user('flo');
    const dm = d.fake.dmChannelOf(flo);
    await after(d.fake, dm, () => d.fake.dm(flo, 'start mini'));
    const id = d.fake.slash(flo, dm, 'progress');
    await d.fake.settle(() => d.fake.messages.some((m) => m.interactionId === id && !m.deferred));
    const reply = d.fake.messages.find((m) => m.interactionId === id);
    expect(reply?.ephemeral).toBe(true);
    expect(reply?.embeds[0]?.title).toBe('Mini fractions');
    expect(reply?.embeds[0]?.description).toMatch(/Halves\*\*\n[▰▱]{10} \d+%/);
  });
});
