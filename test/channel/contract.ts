// The contract every channel passes (the web adapter today; Slack and Discord next): written once, run by each
// adapter's test with a harness that drives the real adapter the way its platform would.
import { describe, expect, it } from 'vitest';

/** One message as the learner sees it on the platform: its text and the buttons under it. */
export interface Shown {
  text: string;
  choices: Array<{ id: string; label: string }>;
}

export interface ChannelUnderTest {
  /**
   * A learner's message or button press, delivered as the platform would (with its event or message id when
   * given), and every message the channel showed that learner for it, in order.
   */
  say(learner: string, input: { text: string } | { choice: string }, eventId?: string): Promise<Shown[]>;
  /** How many turns the store holds for the learner behind this channel's identity (0 when none). */
  storedTurns(learner: string): Promise<number>;
  /** Rows in any table of the database that name the learner (their identity or id): see test/helpers/privacy.ts. */
  rowsAbout(learner: string): Promise<number>;
  close(): Promise<void>;
}

/** The suite, on the fixture curriculum (test/fixtures/curriculum: the "mini" pack). */
export function describeChannelContract(name: string, open: () => Promise<ChannelUnderTest>): void {
  describe(`the ${name} channel keeps the contract every channel keeps`, () => {
    it('shows the replies of a turn in the order the tutor gave them', async () => {
      const channel = await open();
      const shown = await channel.say('ada', { text: 'start mini' });
      expect(shown.length).toBeGreaterThan(0);
      expect(shown.every((m) => m.text.trim().length > 0)).toBe(true);
      // The pack is introduced before its first question is asked.
      const intro = shown.findIndex((m) => /Mini fractions/.test(m.text));
      const question = shown.findIndex((m) => /\?/.test(m.text));
      expect(intro).toBeGreaterThanOrEqual(0);
      expect(question).toBeGreaterThanOrEqual(intro);
      await channel.close();
    });

    it('takes a pressed button as the answer it stands for', async () => {
      const channel = await open();
      const shown = await channel.say('bo', { text: 'start mini' });
      const skip = shown.flatMap((m) => m.choices).find((c) => /skip/i.test(c.label));
      expect(skip).toBeDefined();
      const next = await channel.say('bo', { choice: skip?.id ?? '' });
      expect(next.map((m) => m.text).join('\n')).toMatch(/What is half of \d+\?/);
      await channel.close();
    });

    it('keeps each learner to their own progress', async () => {
      const channel = await open();
      await channel.say('cy', { text: 'start mini' });
      await channel.say('cy', { text: 'skip' });
      const other = await channel.say('di', { text: 'progress' });
      expect(other.map((m) => m.text).join('\n')).not.toMatch(/half of/);
      expect(await channel.storedTurns('cy')).toBe(2);
      expect(await channel.storedTurns('di')).toBe(1);
      await channel.close();
    });

    it('answers an event delivered twice once, with the same messages', async () => {
      const channel = await open();
      await channel.say('ed', { text: 'start mini' }, 'event-1-abcdef');
      const first = await channel.say('ed', { text: 'skip' }, 'event-2-abcdef');
      const again = await channel.say('ed', { text: 'skip' }, 'event-2-abcdef');
      expect(again).toEqual(first);
      expect(await channel.storedTurns('ed')).toBe(2);
      await channel.close();
    });

    it('forgets a learner who asks and confirms, and starts afresh for them', async () => {
      const channel = await open();
      await channel.say('flo', { text: 'start mini' });
      const ask = await channel.say('flo', { text: 'forget me' });
      // Nothing is deleted on a first word: the learner confirms with a button.
      expect(await channel.storedTurns('flo')).toBe(2);
      expect(await channel.rowsAbout('flo')).toBeGreaterThan(0);
      const yes = ask.flatMap((m) => m.choices).find((c) => /yes|delete|forget/i.test(c.label));
      expect(yes).toBeDefined();
      const bye = await channel.say('flo', { choice: yes?.id ?? '' });
      expect(bye.map((m) => m.text).join('\n')).toMatch(/delet|forg|gone/i);
      expect(await channel.storedTurns('flo')).toBe(0);
      // Nothing left anywhere that names them, in any table.
      expect(await channel.rowsAbout('flo')).toBe(0);
      await channel.say('flo', { text: 'hi' });
      expect(await channel.storedTurns('flo')).toBe(1);
      await channel.close();
    });
  });
}
