// One way for every chat platform to show a turn: the tutor's events (provisional deltas, final replies, the end)
// mapped onto the few calls a platform offers (post a message, edit one), within what it can do. An adapter
// describes its platform once (ChannelCapabilities) and implements Outbox; everything else is here.
import type { Choice } from '../dialogue/choices.ts';
import type { Attachment, Reply, TutorEvent } from '../tutor.ts';
import { chunkText } from './chunk.ts';

export interface ChannelCapabilities {
  /**
   * How a reply shows while the tutor is still writing it: `native` streams it with the platform's own streaming
   * calls (Outbox.stream), falling back to `edit` where the platform refuses them; `edit` posts it at once and
   * edits that message as text arrives (post-then-edit); `none` waits for the final reply.
   */
  streaming: 'native' | 'edit' | 'none';
  /** The most characters one message may hold. */
  maxChars: number;
  /** The least time between two edits of one message, inside the platform's rate limits. */
  editEveryMs: number;
  /** Buttons under a message; without them, choices are listed in the text. */
  buttons: boolean;
  /**
   * Messages shown to one person in a shared conversation (Slack's ephemeral messages, Discord's ephemeral
   * replies): where a conversation has others in it, a reply that concerns only the learner goes that way.
   */
  ephemeral?: boolean;
  /** Files sent to the learner (their data export), where the conversation's Outbox can attach them; false: never. */
  files?: boolean;
}

/** Replies about the learner alone (their progress, profile, data, deletion): never shown to others. */
const PRIVATE_MOVES: ReadonlySet<string> = new Set(['progress', 'profile', 'profile-updated', 'export', 'confirm-forget', 'forgotten', 'forget-cancelled']);

/** Whether a reply concerns only the learner, so that a channel shows it to them alone where others can see. */
export function concernsOnlyTheLearner(reply: Pick<Reply, 'move'>): boolean {
  return PRIVATE_MOVES.has(reply.move);
}

/** A message the platform streams as text is appended (Slack's chat.startStream, appendStream, stopStream). */
export interface NativeStream<M> {
  append(text: string): Promise<void>;
  /** Ends the stream: the message it became, which `edit` can then replace (undefined if none was posted). */
  stop(): Promise<M | undefined>;
}

export interface Outbox<M> {
  /** Posts a message; `choices` only on the last message of a reply, and only where the platform has buttons. */
  post(text: string, choices?: readonly Choice[]): Promise<M>;
  /** Replaces a posted message's text (and buttons). Needed for `edit` streaming. */
  edit(message: M, text: string, choices?: readonly Choice[]): Promise<void>;
  /** Sends a file (the learner's data export) where only the learner sees it; without it, files are not sent. */
  attach?(file: Attachment): Promise<void>;
  /**
   * Shows a message to the learner alone, in a conversation others can see (see ChannelCapabilities.ephemeral);
   * absent where the conversation is the learner's own (a direct message), where every reply is private anyway.
   */
  whisper?(text: string, choices?: readonly Choice[]): Promise<void>;
  /** Opens a natively streamed message; undefined where this conversation cannot have one (then edits stream). */
  stream?(): NativeStream<M> | undefined;
}

export interface Delivery {
  replies: Reply[];
  end?: Extract<TutorEvent, { type: 'end' }>;
}

/** Shown while a reply is still being written, so that a learner never mistakes a draft for the answer. */
const WRITING = ' …';

/** Choices as text, for a platform without buttons: the learner types the label or its number. */
export function choicesAsText(choices: readonly Choice[]): string {
  return choices.map((c, i) => `${i + 1}. ${c.label}`).join('\n');
}

/** Replies held to go out as one message: their texts in order, and the buttons of the last. */
interface Held {
  texts: string[];
  choices?: readonly Choice[];
}

export async function deliver<M>(events: AsyncIterable<TutorEvent>, out: Outbox<M>, caps: ChannelCapabilities, now: () => number = Date.now): Promise<Delivery> {
  const delivery: Delivery = { replies: [] };
  let draft: { message: M; editedAt: number } | undefined;
  let partial = '';
  let native: NativeStream<M> | undefined;
  // Once the platform refuses its streaming calls, this turn streams by edits instead.
  let nativeRefused = caps.streaming !== 'native';
  // Replies ready together (feedback, then the next question) go out as one message: a turn reads as one answer,
  // and platforms limit messages per conversation (Slack about one a second, Discord five in five seconds).
  let held: Held | undefined;
  /** Ends a native stream; its message, if it became one, is the draft the final reply replaces. */
  const stopNative = async () => {
    const stream = native;
    native = undefined;
    const message = stream ? await stream.stop().catch(() => undefined) : undefined;
    if (message !== undefined) draft = { message, editedAt: now() };
  };
  const preview = (text: string) => (text.length + WRITING.length > caps.maxChars ? `${text.slice(0, caps.maxChars - WRITING.length)}${WRITING}` : `${text}${WRITING}`);
  const withChoices = (text: string, choices: readonly Choice[] | undefined) => (choices?.length && !caps.buttons ? `${text}\n\n${choicesAsText(choices)}` : text);
  /**
   * Sends a text in as many messages as it needs, its buttons under the last: posted, the first replacing the
   * draft if there is one, or whispered to the learner alone.
   */
  const show = async (text: string, choices: readonly Choice[] | undefined, send?: (text: string, choices?: readonly Choice[]) => Promise<void>) => {
    const messages = chunkText(withChoices(text, choices), caps.maxChars);
    const buttons = (i: number) => (caps.buttons && i === messages.length - 1 && choices?.length ? choices : undefined);
    // The final text replaces the draft: deltas are provisional (the answer guard may have replaced them).
    for (const [i, message] of messages.entries()) {
      if (send) await send(message, buttons(i));
      else if (i === 0 && draft) await out.edit(draft.message, message, buttons(i));
      else await out.post(message, buttons(i));
    }
    draft = undefined;
  };
  const release = async () => {
    const replies = held;
    held = undefined;
    if (replies) await show(replies.texts.join('\n\n'), replies.choices);
  };

  for await (const event of events) {
    if (event.type === 'delta') {
      if (caps.streaming === 'none') continue;
      // What was ready before this reply began is shown before it.
      await release();
      partial += event.text;
      if (!nativeRefused && !draft) {
        native ??= out.stream?.();
        if (!native) nativeRefused = true;
        else {
          try {
            await native.append(event.text);
            continue;
          } catch {
            nativeRefused = true;
            await stopNative();
          }
        }
      }
      if (!draft) draft = { message: await out.post(preview(partial)), editedAt: now() };
      else if (now() - draft.editedAt >= caps.editEveryMs) {
        await out.edit(draft.message, preview(partial));
        draft.editedAt = now();
      }
      // Otherwise the text waits for the next edit: the final reply replaces the draft in any case.
    } else if (event.type === 'reply') {
      if (native) await stopNative();
      const reply = event.reply;
      delivery.replies.push(reply);
      partial = '';
      if (caps.ephemeral && out.whisper && concernsOnlyTheLearner(reply)) {
        await release();
        // Never streamed where others could read it: a draft of it, if one was posted, is taken back first.
        if (draft) await out.edit(draft.message, '…');
        await show(reply.text, reply.choices, out.whisper.bind(out));
        continue;
      }
      const choices = reply.choices?.length ? reply.choices : undefined;
      const attach = reply.attachment && caps.files !== false && out.attach ? reply.attachment : undefined;
      if (draft || attach) {
        // A streamed reply ends in the message it streamed into; a file goes right after the text it belongs to.
        await release();
        await show(reply.text, choices);
        if (attach) await out.attach?.(attach);
        continue;
      }
      // Buttons belong under their own question: text after them would read as part of it.
      if (held?.choices) await release();
      held ??= { texts: [] };
      held.texts.push(reply.text);
      if (choices) held.choices = choices;
    } else {
      // The turn is over: what is held goes now, before the tutor is asked for more.
      await release();
      delivery.end = event;
    }
  }
  await release();
  return delivery;
}
