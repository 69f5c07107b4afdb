// A turn's events onto a platform's post and edit calls, as a learner would see the messages.
import { describe, expect, it } from 'vitest';
import { deliver, type ChannelCapabilities, type Outbox } from '../../src/channel/deliver.ts';
import type { TutorEvent } from '../../src/tutor.ts';

interface Message {
  text: string;
  buttons: string[];
  edits: number;
}

/** A platform that keeps what a learner would see: each message's current text and buttons. */
function platform(): { outbox: Outbox<number>; messages: Message[] } {
  const messages: Message[] = [];
  return {
    messages,
    outbox: {
      async post(text, choices) {
        messages.push({ text, buttons: choices?.map((c) => c.label) ?? [], edits: 0 });
        return messages.length - 1;
      },
      async edit(id, text, choices) {
        const m = messages[id];
        if (!m) throw new Error('no such message');
        Object.assign(m, { text, buttons: choices?.map((c) => c.label) ?? [], edits: m.edits + 1 });
      },
    },
  };
}

async function* turn(events: TutorEvent[], clock: { t: number }, stepMs = 100): AsyncGenerator<TutorEvent> {
  for (const e of events) {
    clock.t += stepMs;
    yield e;
  }
}

const end: TutorEvent = { type: 'end', open: null, mastery: {}, mastered: [] };
const reply = (text: string, choices?: Array<{ id: string; label: string }>): TutorEvent => ({ type: 'reply', reply: { text, why: 'test', move: 'hint', ...(choices ? { choices } : {}) } });
const caps = (over: Partial<ChannelCapabilities> = {}): ChannelCapabilities => ({ streaming: 'edit', maxChars: 2000, editEveryMs: 1000, buttons: true, ...over });

describe('delivering a turn to a chat platform', () => {
  it('posts a draft at once, edits it at most once a second, and ends with the final text, not the deltas', async () => {
    const clock = { t: 0 };
    const { outbox, messages } = platform();
    const deltas: TutorEvent[] = Array.from({ length: 30 }, (_, i) => ({ type: 'delta', text: `part ${i} ` }));
    const result = await deliver(turn([...deltas, reply('What is half of 8? Think of two equal groups.'), end], clock), outbox, caps(), () => clock.t);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.text).toBe('What is half of 8? Think of two equal groups.');
    // 30 deltas 100 ms apart: a first post, then an edit each second, then the final one.
    expect(messages[0]?.edits).toBeLessThanOrEqual(4);
    expect(result.end?.type).toBe('end');
    expect(result.replies.map((r) => r.text)).toEqual(['What is half of 8? Think of two equal groups.']);
  });

  it('marks a draft as still being written', async () => {
    const clock = { t: 0 };
    const { outbox, messages } = platform();
    const seen: string[] = [];
    const watching: Outbox<number> = {
      post: async (text, choices) => {
        seen.push(text);
        return outbox.post(text, choices);
      },
      edit: outbox.edit,
    };
    await deliver(turn([{ type: 'delta', text: 'Think about' }, reply('Think about halves.'), end], clock), watching, caps(), () => clock.t);
    expect(seen[0]).toBe('Think about …');
    expect(messages[0]?.text).toBe('Think about halves.');
  });

  it('puts buttons under the last message of a long reply, and lists the choices where there are no buttons', async () => {
    const choices = [
      { id: 'a', label: '3/4' },
      { id: 'b', label: '2/6' },
    ];
    const long = Array.from({ length: 5 }, (_, i) => `Paragraph ${i}. ${'text '.repeat(80)}`).join('\n\n');
    const clock = { t: 0 };
    const withButtons = platform();
    await deliver(turn([reply(long, choices), end], clock), withButtons.outbox, caps({ maxChars: 1000 }), () => clock.t);
    expect(withButtons.messages.length).toBeGreaterThan(1);
    expect(withButtons.messages.slice(0, -1).every((m) => m.buttons.length === 0)).toBe(true);
    expect(withButtons.messages.at(-1)?.buttons).toEqual(['3/4', '2/6']);

    const plain = platform();
    await deliver(turn([reply('Which is bigger?', choices), end], clock), plain.outbox, caps({ buttons: false }), () => clock.t);
    expect(plain.messages).toEqual([{ text: 'Which is bigger?\n\n1. 3/4\n2. 2/6', buttons: [], edits: 0 }]);
  });

  it('waits for the final reply on a platform that cannot edit, and keeps several replies in order', async () => {
    const clock = { t: 0 };
    const { outbox, messages } = platform();
    const events: TutorEvent[] = [{ type: 'delta', text: 'Right' }, reply('Right!'), { type: 'delta', text: 'Next' }, reply('Next: what is half of 10?'), end];
    await deliver(turn(events, clock), outbox, caps({ streaming: 'none' }), () => clock.t);
    expect(messages.map((m) => [m.text, m.edits])).toEqual([['Right!\n\nNext: what is half of 10?', 0]]);
  });

  it('sends the replies of a turn that are ready together as one message, with the buttons of its question', async () => {
    const clock = { t: 0 };
    const { outbox, messages } = platform();
    const choices = [
      { id: 'a', label: '1/2' },
      { id: 'b', label: '2/3' },
    ];
    const result = await deliver(turn([reply('Right: 3/6 is 1/2.'), reply('Which is bigger?', choices), end], clock), outbox, caps(), () => clock.t);
    expect(messages).toEqual([{ text: 'Right: 3/6 is 1/2.\n\nWhich is bigger?', buttons: ['1/2', '2/3'], edits: 0 }]);
    // Each reply keeps its own why and move for the channel.
    expect(result.replies.map((r) => r.text)).toEqual(['Right: 3/6 is 1/2.', 'Which is bigger?']);
  });

  it('never puts text under a question\'s buttons, and shows what was ready before a reply that streams', async () => {
    const clock = { t: 0 };
    const { outbox, messages } = platform();
    const choices = [{ id: 'a', label: 'Yes' }];
    const events: TutorEvent[] = [reply('Ready for the next one?', choices), reply('Or type "progress".'), reply('Good.'), { type: 'delta', text: 'Let us' }, reply('Let us look again.'), end];
    await deliver(turn(events, clock), outbox, caps(), () => clock.t);
    expect(messages.map((m) => [m.text, m.buttons])).toEqual([
      ['Ready for the next one?', ['Yes']],
      ['Or type "progress".\n\nGood.', []],
      ['Let us look again.', []],
    ]);
  });

  it('keeps a long draft inside the message limit while it is written', async () => {
    const clock = { t: 0 };
    const { outbox, messages } = platform();
    const seen: number[] = [];
    const watching: Outbox<number> = {
      post: async (text, choices) => {
        seen.push(text.length);
        return outbox.post(text, choices);
      },
      edit: async (id, text, choices) => {
        seen.push(text.length);
        return outbox.edit(id, text, choices);
      },
    };
    const deltas: TutorEvent[] = Array.from({ length: 20 }, () => ({ type: 'delta', text: 'x'.repeat(50) }));
    await deliver(turn([...deltas, reply('Short in the end.'), end], clock, 1500), watching, caps({ maxChars: 300 }), () => clock.t);
    expect(Math.max(...seen)).toBeLessThanOrEqual(300);
    expect(messages.map((m) => m.text)).toEqual(['Short in the end.']);
  });

  it('streams natively where the platform can, then replaces the streamed text with the final reply and its buttons', async () => {
    const clock = { t: 0 };
    const { outbox, messages } = platform();
    const appended: string[] = [];
    const streaming: Outbox<number> = {
      ...outbox,
      stream: () => {
        let id: number | undefined;
        return {
          async append(text) {
            appended.push(text);
            if (id === undefined) id = await outbox.post(text);
            else await outbox.edit(id, `${messages[id]?.text ?? ''}${text}`);
          },
          stop: async () => id,
        };
      },
    };
    const deltas: TutorEvent[] = ['What is ', 'half of 8', '? The answer is 4'].map((text) => ({ type: 'delta', text }));
    await deliver(turn([...deltas, reply('What is half of 8?', [{ id: 'a', label: '4' }]), end], clock), streaming, caps({ streaming: 'native' }), () => clock.t);
    // Every delta went to the stream as it came (no throttling needed), and the final reply replaced them all.
    expect(appended).toEqual(['What is ', 'half of 8', '? The answer is 4']);
    expect(messages).toEqual([{ text: 'What is half of 8?', buttons: ['4'], edits: 3 }]);
  });

  it('falls back to editing one message when the platform refuses to stream, and when it offers no stream here', async () => {
    const clock = { t: 0 };
    const refused = platform();
    const refusing: Outbox<number> = {
      ...refused.outbox,
      stream: () => ({
        append: async () => {
          throw new Error('not_allowed');
        },
        stop: async () => undefined,
      }),
    };
    const events = (): TutorEvent[] => [{ type: 'delta', text: 'Think' }, { type: 'delta', text: ' about it' }, reply('Think about halves.'), end];
    await deliver(turn(events(), clock), refusing, caps({ streaming: 'native' }), () => clock.t);
    expect(refused.messages).toEqual([{ text: 'Think about halves.', buttons: [], edits: 1 }]);

    const none = platform();
    await deliver(turn(events(), clock), { ...none.outbox, stream: () => undefined }, caps({ streaming: 'native' }), () => clock.t);
    expect(none.messages).toEqual([{ text: 'Think about halves.', buttons: [], edits: 1 }]);
  });

  it('shows a reply about the learner alone to them only where others can read the conversation', async () => {
    const clock = { t: 0 };
    const { outbox, messages } = platform();
    const whispered: string[] = [];
    const shared: Outbox<number> = { ...outbox, whisper: async (text) => void whispered.push(text) };
    const progress: TutorEvent = { type: 'reply', reply: { text: 'Halves: 80%', why: 'you asked', move: 'progress' } };
    await deliver(turn([reply('Right!'), progress, end], clock), shared, caps({ ephemeral: true }), () => clock.t);
    expect(messages.map((m) => m.text)).toEqual(['Right!']);
    expect(whispered).toEqual(['Halves: 80%']);
    // A platform without ephemeral messages, or a conversation that is the learner's own, shows it as usual.
    const own = platform();
    await deliver(turn([progress, end], clock), own.outbox, caps({ ephemeral: true }), () => clock.t);
    expect(own.messages.map((m) => m.text)).toEqual(['Halves: 80%']);
  });
});
