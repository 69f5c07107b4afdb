// Where a turn's messages go in Discord: a channel (a direct message, a learner's thread), or the response to an
// interaction (a slash command's deferred reply and its follow-ups). Both are the core's Outbox, so deliver()
// decides what is posted and edited; these only say how, with pings off and files sent to the learner's DMs.
import { DiscordAPIError, MessageFlags, RESTJSONErrorCodes, Routes, type REST, type RepliableInteraction } from 'discord.js';
import type { Attachment, Choice, Outbox } from '../../src/index.ts';
import { choiceRows } from './buttons.ts';
import { toDiscordMarkdown } from './markdown.ts';

/** Discord's limit on a message's content. */
export const MAX_MESSAGE = 2000;

// A tutor's message never pings anyone, whatever text it quotes back.
const NO_PINGS = { parse: [] as [] };

const DMS_CLOSED = "I couldn't send you a direct message. Allow direct messages from this server's members (or message me first), then ask again.";

/** The text as Discord shows it, or as written where neutralising it would make it longer than a message may be. */
function fit(text: string): string {
  const shown = toDiscordMarkdown(text);
  return shown.length <= MAX_MESSAGE ? shown : text;
}

const messageBody = (owner: string, text: string, choices?: readonly Choice[]) => ({
  content: fit(text),
  components: choiceRows(owner, choices),
  allowed_mentions: NO_PINGS,
});

export const isDiscordError = (error: unknown, code: number): boolean => error instanceof DiscordAPIError && error.code === code;

/** A file in the learner's direct messages with the bot, where only they see it (an export is their data). */
export async function sendFileToDm(rest: REST, user: string, file: Attachment): Promise<void> {
  const dm = (await rest.post(Routes.userChannels(), { body: { recipient_id: user } })) as { id: string };
  await rest.post(Routes.channelMessages(dm.id), {
    body: { attachments: [{ id: 0, filename: file.filename }], allowed_mentions: NO_PINGS },
    files: [{ name: file.filename, data: Buffer.from(file.content, 'utf8'), contentType: file.mimeType }],
  });
}

/** Files go to the learner's DMs; where Discord will not let them in, the conversation says how to allow it. */
function attachVia(rest: REST, owner: string, post: (text: string) => Promise<unknown>) {
  return async (file: Attachment) => {
    try {
      await sendFileToDm(rest, owner, file);
    } catch (error) {
      if (!isDiscordError(error, RESTJSONErrorCodes.CannotSendMessagesToThisUser)) throw error;
      await post(DMS_CLOSED);
    }
  };
}

/** Messages in a channel: a DM with the learner or their thread. Message ids are what deliver() edits. */
export function channelOutbox(rest: REST, channel: string, owner: string): Outbox<string> {
  const post = async (text: string, choices?: readonly Choice[]) => {
    const sent = (await rest.post(Routes.channelMessages(channel), { body: messageBody(owner, text, choices) })) as { id: string };
    return sent.id;
  };
  return {
    post,
    async edit(id, text, choices) {
      await rest.patch(Routes.channelMessage(channel, id), { body: messageBody(owner, text, choices) });
    },
    attach: attachVia(rest, owner, post),
  };
}

/**
 * Messages answering an interaction. With `deferred`, the first is the deferred reply ("Ponder is thinking…")
 * edited into the first message; the rest are follow-ups, ephemeral when the response is.
 */
export function interactionOutbox(rest: REST, interaction: RepliableInteraction, options: { ephemeral: boolean; deferred: boolean }): Outbox<string> {
  const owner = interaction.user.id;
  let original = options.deferred;
  const payload = (text: string, choices?: readonly Choice[]) => ({ content: fit(text), components: choiceRows(owner, choices), allowedMentions: NO_PINGS });
  const post = async (text: string, choices?: readonly Choice[]) => {
    if (original) {
      original = false;
      await interaction.editReply(payload(text, choices));
      return '@original';
    }
    const sent = await interaction.followUp({ ...payload(text, choices), ...(options.ephemeral ? { flags: MessageFlags.Ephemeral as const } : {}) });
    return sent.id;
  };
  return {
    post,
    async edit(id, text, choices) {
      await interaction.editReply({ ...payload(text, choices), message: id });
    },
    attach: attachVia(rest, owner, post),
  };
}

/**
 * Shows "Ponder is typing…" in a channel while a turn runs, from `afterMs` on: a turn that answers sooner (the
 * offline tutor, in milliseconds) needs no indicator, and saves a request of the 50 a second Discord allows a
 * bot. Discord shows it for 10 s or until the bot posts, so it is sent again while a slow turn (a language
 * model) is still running. A failure only costs the indicator.
 */
export function keepTyping(rest: REST, channel: string, afterMs = 300, everyMs = 8000): () => void {
  const send = () => void rest.post(Routes.channelTyping(channel)).catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    send();
    timer = setInterval(send, everyMs);
    timer.unref();
  }, afterMs);
  first.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
