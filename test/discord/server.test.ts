// In a server, through the real discord.js against a local Discord: a mention or `/ponder start` opens a private
// thread for that learner; classmates in it are not graded and cannot answer their questions; whose a thread is
// holds after a restart.
import { afterEach, describe, expect, it } from 'vitest';
import { after, openDiscord, textOf, type DiscordUnderTest } from './harness.ts';

let open: DiscordUnderTest | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

const threadIn = (text: string) => /<#(\d+)>/.exec(text)?.[1] ?? '';

describe('a mention in a server channel', () => {
  it("opens a private thread for whoever mentions the bot, where a classmate's words and clicks are not taken as answers", async () => {
    const d = (open = await openDiscord());
    const ada = d.fake.user('ada');
    const bo = d.fake.user('bo');

    const pointer = await after(d.fake, d.general, () => d.fake.post(ada, d.general, 'start mini', { mention: true }));
    // The channel gets one short pointer; the session itself is in the thread.
    expect(pointer).toHaveLength(1);
    expect(textOf(pointer)).toMatch(/Your session is in <#\d+>/);
    const thread = threadIn(textOf(pointer));
    const created = d.fake.calls.find((c) => c.method === 'POST' && c.path === `/channels/${d.general}/threads`);
    expect(created?.body).toMatchObject({ type: 12, invitable: false });
    expect(d.fake.channels.get(thread)?.members).toEqual([ada.id]);
    await d.fake.settle(() => /Mini fractions/.test(textOf(d.fake.in(thread))));
    expect(textOf(d.fake.in(thread))).toMatch(/This thread is yours/);

    // A classmate talking in the thread is not answering: nothing is said, and nothing is stored about them.
    d.fake.post(bo, thread, 'skip');
    await d.fake.settle(() => true, { quietMs: 250 });
    const told = await after(d.fake, thread, () => d.fake.post(bo, thread, 'skip', { mention: true }));
    expect(textOf(told)).toMatch(/someone else's session/);
    expect(await d.ponder.store.learnerFor(`discord:${bo.id}`)).toBeUndefined();

    // Nor can they press the learner's buttons: only they are told, and the buttons stay for the learner.
    const asked = d.fake.in(thread).find((m) => m.buttons.length > 0);
    const skip = asked?.buttons.find((b) => /skip/i.test(b.label));
    if (!asked || !skip) throw new Error('the thread shows no buttons');
    const click = d.fake.click(bo, asked, skip.customId);
    await d.fake.settle(() => d.fake.callbacks.some((c) => c.interactionId === click));
    expect(d.fake.callbacks.find((c) => c.interactionId === click)).toMatchObject({ type: 4, ephemeral: true });
    expect(d.fake.messages.find((m) => m.interactionId === click)?.content).toMatch(/belongs to someone else/);
    expect(asked.buttons.some((b) => b.disabled)).toBe(false);

    // The learner's own click is their answer, and the question's buttons are disabled.
    const next = await after(d.fake, thread, () => d.fake.click(ada, asked, skip.customId));
    expect(textOf(next)).toMatch(/What is half of \d+\?/);
    expect(asked.buttons.every((b) => b.disabled)).toBe(true);

    // Their reply to the bot in the thread (which mentions it) is graded.
    const before = await d.openItem(ada);
    const answer = await d.rightAnswer(ada);
    const graded = await after(d.fake, thread, () => d.fake.post(ada, thread, answer, { mention: true }));
    expect(textOf(graded)).toMatch(/What is half of \d+\?/);
    expect((await d.openItem(ada))?.id).not.toBe(before?.id);
    expect(d.fake.in(d.general)).toHaveLength(1);
  });

  it('keeps the thread its learner\'s after a restart, from the database', async () => {
    const d = (open = await openDiscord());
    const cy = d.fake.user('cy');
    const di = d.fake.user('di');
    const pointer = await after(d.fake, d.general, () => d.fake.post(cy, d.general, 'start mini', { mention: true }));
    const thread = threadIn(textOf(pointer));
    await d.fake.settle(() => /Mini fractions/.test(textOf(d.fake.in(thread))));
    await d.restart();
    const mine = await after(d.fake, thread, () => d.fake.post(cy, thread, 'skip', { mention: true }));
    expect(textOf(mine)).toMatch(/What is half of \d+\?/);
    const theirs = await after(d.fake, thread, () => d.fake.post(di, thread, 'skip', { mention: true }));
    expect(textOf(theirs)).toMatch(/someone else's session/);
    // Mentioned in the channel again after the restart, the bot takes up the learner's thread, not a new one.
    const again = await after(d.fake, d.general, () => d.fake.post(cy, d.general, 'progress', { mention: true }));
    expect(threadIn(textOf(again))).toBe(thread);
  });

  it('reads plain messages in the learner\'s thread with the Message Content intent, and asks for it only then', async () => {
    const d = (open = await openDiscord({ adapter: { messageContent: true } }));
    expect((d.fake.gateway.intents ?? 0) & (1 << 15)).not.toBe(0);
    const ed = d.fake.user('ed');
    const pointer = await after(d.fake, d.general, () => d.fake.post(ed, d.general, 'start mini', { mention: true }));
    const thread = threadIn(textOf(pointer));
    await d.fake.settle(() => /Mini fractions/.test(textOf(d.fake.in(thread))));
    expect(textOf(d.fake.in(thread))).toMatch(/just type your answers here/);
    const plain = await after(d.fake, thread, () => d.fake.post(ed, thread, 'skip'));
    expect(textOf(plain)).toMatch(/What is half of \d+\?/);
  });

  it('says nothing to messages in a channel that do not mention it', async () => {
    const d = (open = await openDiscord({ adapter: { messageContent: true } }));
    d.fake.post(d.fake.user('fay'), d.general, 'start mini');
    await d.fake.settle(() => true, { quietMs: 300 });
    expect(d.fake.messages).toEqual([]);
  });
});

describe('/ponder start in a server channel', () => {
  it('suggests the topics as the learner types, defers at once, and opens them a private thread', async () => {
    const d = (open = await openDiscord());
    const gus = d.fake.user('gus');
    const suggest = d.fake.autocomplete(gus, d.general, 'start', 'topic', 'mi');
    await d.fake.settle(() => d.fake.autocompletes.some((a) => a.interactionId === suggest));
    expect(d.fake.autocompletes.find((a) => a.interactionId === suggest)?.choices).toEqual([{ name: 'Mini fractions', value: 'mini' }]);

    const id = d.fake.slash(gus, d.general, 'start', { topic: 'mini' });
    await d.fake.settle(() => d.fake.messages.some((m) => m.interactionId === id && !m.deferred));
    // "Ponder is thinking…", seen by the learner alone, well inside Discord's 3 s.
    const [callback] = d.fake.callbacks.filter((c) => c.interactionId === id);
    expect(callback).toMatchObject({ type: 5, ephemeral: true });
    expect(callback?.afterMs).toBeLessThan(1000);
    const reply = d.fake.messages.find((m) => m.interactionId === id);
    const thread = threadIn(reply?.content ?? '');
    expect(d.fake.channels.get(thread)).toMatchObject({ type: 12, parentId: d.general, members: [gus.id] });
    await d.fake.settle(() => /Mini fractions/.test(textOf(d.fake.in(thread))));
    // Nothing for everyone in the channel itself.
    expect(d.fake.in(d.general).filter((m) => !m.ephemeral)).toEqual([]);
  });

  it('answers what concerns only the learner (progress, me) so that only they see it', async () => {
    const d = (open = await openDiscord());
    const hal = d.fake.user('hal');
    const id = d.fake.slash(hal, d.general, 'me');
    await d.fake.settle(() => d.fake.messages.some((m) => m.interactionId === id && !m.deferred));
    expect(d.fake.messages.filter((m) => m.interactionId === id).every((m) => m.ephemeral)).toBe(true);
  });

  it('opens the session in a thread when a topic is picked from the list shown only to the learner', async () => {
    const d = (open = await openDiscord());
    const ivy = d.fake.user('ivy');
    const id = d.fake.slash(ivy, d.general, 'topics');
    await d.fake.settle(() => d.fake.messages.some((m) => m.interactionId === id && m.buttons.length > 0));
    const list = d.fake.messages.find((m) => m.interactionId === id && m.buttons.length > 0);
    expect(list?.ephemeral).toBe(true);
    const mini = list?.buttons.find((b) => b.label === 'Mini fractions');
    if (!list || !mini) throw new Error('no topic buttons');
    const click = d.fake.click(ivy, list, mini.customId);
    await d.fake.settle(() => d.fake.messages.some((m) => m.interactionId === click && /<#\d+>/.test(m.content)));
    const thread = threadIn(d.fake.messages.find((m) => m.interactionId === click)?.content ?? '');
    await d.fake.settle(() => /What is 1\/2 \+ 1\/3\?|half of/.test(textOf(d.fake.in(thread))));
    expect(d.fake.channels.get(thread)?.members).toEqual([ivy.id]);
  });

  it('sends /ponder export to the learner\'s direct messages, with a note in the channel only they see', async () => {
    const d = (open = await openDiscord());
    const jo = d.fake.user('jo');
    await after(d.fake, d.general, () => d.fake.post(jo, d.general, 'start mini', { mention: true }));
    const id = d.fake.slash(jo, d.general, 'export');
    const dm = d.fake.dmChannelOf(jo);
    await d.fake.settle(() => d.fake.in(dm).some((m) => m.files.length > 0));
    expect(JSON.parse(d.fake.in(dm)[0]?.files[0]?.content ?? '{}')).toMatchObject({ identities: [`discord:${jo.id}`] });
    expect(d.fake.messages.filter((m) => m.interactionId === id).every((m) => m.ephemeral)).toBe(true);
    expect(d.fake.in(d.general).filter((m) => !m.ephemeral)).toHaveLength(1);
  });

  it('forgets every row about a learner with a thread, their thread included, after they confirm', async () => {
    const d = (open = await openDiscord());
    const kit = d.fake.user('kit');
    const pointer = await after(d.fake, d.general, () => d.fake.post(kit, d.general, 'start mini', { mention: true }));
    const thread = threadIn(textOf(pointer));
    await d.fake.settle(() => /Mini fractions/.test(textOf(d.fake.in(thread))));
    const id = d.fake.slash(kit, thread, 'forget-me');
    await d.fake.settle(() => d.fake.messages.some((m) => m.interactionId === id && m.buttons.length > 0));
    expect(await d.rowsAbout(kit)).toBeGreaterThan(0);
    const ask = d.fake.messages.find((m) => m.interactionId === id && m.buttons.length > 0);
    const yes = ask?.buttons.find((b) => /yes/i.test(b.label));
    if (!ask || !yes) throw new Error('no confirmation buttons');
    expect(ask.ephemeral).toBe(true);
    const click = d.fake.click(kit, ask, yes.customId);
    await d.fake.settle(() => d.fake.messages.some((m) => m.interactionId === click && /delet|forg|gone/i.test(m.content)));
    expect(await d.rowsAbout(kit)).toBe(0);
    expect(await d.ponder.tutor.threadOwner(`discord:${thread}`, `discord:${kit.id}`)).toBe('none');
  });
});
