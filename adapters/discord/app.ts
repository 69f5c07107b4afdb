// The tutor in Discord, on discord.js: direct messages, a private thread per learner in servers, `/ponder`
// commands and choices as buttons. It maps Discord's events onto the core's channel layer and nothing more.
import {
  Client,
  Events,
  GatewayIntentBits,
  MessageFlags,
  MessageType,
  Partials,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type Message,
} from 'discord.js';
import { createRateLimiter, deliver, type ChannelCapabilities, type Logger, type Outbox, type Tutor } from '../../src/index.ts';
import { disabledRows, readButton } from './buttons.ts';
import { connect } from './connect.ts';
import { COMMAND_NAME, SUBCOMMANDS, topicSuggestions } from './commands.ts';
import { channelOutbox, interactionOutbox, keepTyping } from './outbox.ts';
import { progressEmbeds } from './progress.ts';
import { placeOf, sessionThreads, threadParent } from './threads.ts';

export interface DiscordAdapterConfig {
  tutor: Tutor;
  /** The bot's token (Developer Portal → Bot → Reset Token). */
  token: string;
  /** The application's id, which its slash commands are registered under. */
  applicationId: string;
  /** REST's base URL (DISCORD_API_URL; the gateway's address comes from it too), for tests and proxies. */
  apiUrl?: string;
  /** Turns per learner per minute. */
  turnsPerMinute?: number;
  /**
   * The privileged Message Content intent, for plain messages in a learner's thread. Without it the bot reads
   * direct messages and messages that mention it (or reply to it), which is all the rest needs.
   */
  messageContent?: boolean;
  logger?: Logger;
  /** REST's request timeout and retries of failed requests (discord.js's 15 s and 3 by default). */
  rest?: { timeoutMs?: number; retries?: number };
  /** How long login may take before start-up fails (default 30 s). */
  readyTimeoutMs?: number;
  /** How long a turn runs before "typing…" shows (default 300 ms): a turn answered sooner costs no call for it. */
  typingAfterMs?: number;
}

export interface DiscordAdapter {
  /** How it is connected: "gateway, as Ponder#1234". */
  where: string;
  close(): Promise<void>;
}

// 2,000 characters a message; an edit about once a second keeps well inside Discord's 5 edits per 5 s a channel.
export const DISCORD: ChannelCapabilities = { streaming: 'edit', maxChars: 2000, editEveryMs: 1100, buttons: true };

/** A rate limit longer than this is not waited out: the learner gets an apology instead of silence. */
const LONGEST_WAIT_MS = 30_000;

const APOLOGY = 'Sorry, something went wrong on my side. Please send that again.';
const TOO_FAST = "That's a lot of messages at once. Please wait a moment and send it again.";
const SOMEONE_ELSES_QUESTION = 'This question belongs to someone else. Mention me, or use `/ponder start`, to get your own.';
const SOMEONE_ELSES_THREAD = "This thread is someone else's session. Mention me in the channel, or use `/ponder start`, to get your own.";
const EXPIRED = 'This button has expired. Type your answer instead.';
const NO_THREAD = "I can't open a thread here. Message me directly, or ask a moderator to let me create threads in this channel.";

/**
 * The gateway intents the features need, and no more. Guilds: the channels and threads the bot is in (a message
 * in a thread it does not know is never delivered). Guild messages: mentions, and messages in learners' threads.
 * Direct messages: the conversation itself. Message Content (privileged) only when asked for.
 */
export function intentsFor(messageContent: boolean): GatewayIntentBits[] {
  return [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages, ...(messageContent ? [GatewayIntentBits.MessageContent] : [])];
}

const silent: Logger = { info() {}, warn() {}, error() {} };

export const identityOf = (user: string): string => `discord:${user}`;

/** The message without the bot's mention of it: what the learner said. */
const withoutMention = (content: string, bot: string) => content.replace(new RegExp(`<@!?${bot}>`, 'g'), '').trim();

interface TurnRequest {
  user: string;
  input: { text: string } | { choice: string };
  /** Discord's id for what the learner did, as the core keeps it: a message or interaction is answered once. */
  key: string;
  outbox: Outbox<string>;
  /** Where to show "typing…" (interactions show Discord's own "thinking…" instead). */
  typing?: string;
  /** The thread this turn claims for the learner (see Turn.thread). */
  thread?: string;
}

export async function createDiscordAdapter(config: DiscordAdapterConfig): Promise<DiscordAdapter> {
  const { tutor } = config;
  const log = config.logger ?? silent;
  const client = new Client({
    intents: intentsFor(config.messageContent === true),
    // Direct-message channels are not cached before their first message; without this their messages are dropped.
    partials: [Partials.Channel],
    allowedMentions: { parse: [] },
    rest: {
      ...(config.apiUrl ? { api: config.apiUrl } : {}),
      ...(config.rest?.timeoutMs ? { timeout: config.rest.timeoutMs } : {}),
      ...(config.rest?.retries !== undefined ? { retries: config.rest.retries } : {}),
      // 429s are waited out as Discord's retry_after says; one longer than this gets the learner an apology.
      rejectOnRateLimit: (limit) => limit.retryAfter > LONGEST_WAIT_MS,
    },
  });
  const rest = client.rest;
  const limiter = createRateLimiter(config.turnsPerMinute ?? 30, 60_000);
  const threads = sessionThreads(
    (error) => log.warn({ err: error }, 'Discord refused a thread'),
    async (user) => (await tutor.threadsOf(identityOf(user.id))).filter((place) => place.startsWith('discord:')).map((place) => place.slice('discord:'.length)),
  );
  const running = new Set<Promise<void>>();
  const inFlight = new Set<string>();

  /** Runs a handler, never letting its failure escape, and lets close() wait for it. */
  const track = (work: Promise<void>) => {
    const done = work.catch((error: unknown) => log.error({ err: error }, 'a Discord event failed'));
    running.add(done);
    void done.finally(() => running.delete(done));
  };

  async function turn(req: TurnRequest): Promise<void> {
    const identity = identityOf(req.user);
    // Discord can deliver a message again (a resumed session replays what it missed, also to a restarted process):
    // one being answered here, or stored already by any process, is not answered twice.
    if (inFlight.has(req.key)) return;
    inFlight.add(req.key);
    let stopTyping = () => {};
    try {
      if (await tutor.answered(identity, req.key)) return;
      if (limiter.hit(identity, Date.now()) !== undefined) {
        await req.outbox.post(TOO_FAST);
        return;
      }
      if (req.typing) stopTyping = keepTyping(rest, req.typing, config.typingAfterMs);
      // replay: false, so that a message another process is answering at this moment is not shown twice.
      await deliver(tutor.handle({ identity, ...req.input, key: req.key, replay: false, ...(req.thread ? { thread: req.thread } : {}) }), req.outbox, DISCORD);
    } catch (error) {
      // The learner gets a short apology, never the error; the operator gets the error.
      log.error({ err: error, key: req.key }, 'a Discord turn failed');
      await req.outbox.post(APOLOGY).catch(() => undefined);
    } finally {
      stopTyping();
      inFlight.delete(req.key);
    }
  }

  /** Opens (or finds) the learner's thread where they asked, and tells them there whose it is and how to answer. */
  async function openSession(channel: Message['channel'] | Interaction['channel'], user: Message['author'], from?: Message) {
    const parent = threadParent(channel);
    const found = parent ? await threads.open(parent, user, from) : undefined;
    if (found?.opened) {
      const how = config.messageContent ? 'just type your answers here' : 'answer by replying to my messages or mentioning me';
      await channelOutbox(rest, found.thread.id, user.id)
        .post(`This thread is yours, <@${user.id}>: ${how}.`)
        .catch((error: unknown) => log.warn({ err: error }, 'the thread could not be introduced'));
    }
    return found?.thread;
  }

  async function onMessage(message: Message): Promise<void> {
    // People's own messages only: not the bot's, other bots', webhooks' or Discord's notices.
    if (message.author.bot || message.system || message.webhookId) return;
    if (message.type !== MessageType.Default && message.type !== MessageType.Reply) return;
    const me = client.user?.id;
    if (!me) return;
    const user = message.author.id;
    const key = `discord:${message.id}`;
    if (!message.inGuild()) {
      await turn({ user, input: { text: message.content }, key, outbox: channelOutbox(rest, message.channelId, user), typing: message.channelId });
      return;
    }
    // A reply to the bot's message mentions it too (unless the learner turned the ping off).
    const mentioned = message.mentions.users.has(me);
    const text = withoutMention(message.content, me);
    const channel = message.channel;
    if (channel.isThread()) {
      const owner = await tutor.threadOwner(placeOf(channel.id), identityOf(user));
      // A classmate in someone's thread is talking, not answering; told so only when they ask the bot.
      if (owner === 'other') {
        if (mentioned) await message.reply({ content: SOMEONE_ELSES_THREAD, allowedMentions: { parse: [], repliedUser: false } });
        return;
      }
      // Without the Message Content intent, a message that does not mention the bot arrives without its text.
      if (owner === 'none' ? !mentioned : !text && !mentioned) return;
      await turn({ user, input: { text: text || '/resume' }, key, outbox: channelOutbox(rest, channel.id, user), typing: channel.id, ...(owner === 'none' ? { thread: placeOf(channel.id) } : {}) });
      return;
    }
    if (!mentioned) return;
    const thread = await openSession(channel, message.author, message);
    if (!thread) {
      await message.reply({ content: NO_THREAD, allowedMentions: { parse: [], repliedUser: false } });
      return;
    }
    await message.reply({ content: `Your session is in <#${thread.id}>.`, allowedMentions: { parse: [], repliedUser: false } }).catch(() => undefined);
    await turn({ user, input: { text: text || '/resume' }, key, outbox: channelOutbox(rest, thread.id, user), typing: thread.id, thread: placeOf(thread.id) });
  }

  async function onCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    const name = interaction.options.getSubcommand(false) ?? 'help';
    const sub = Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : SUBCOMMANDS['help'];
    if (!sub) return;
    const user = interaction.user.id;
    const identity = identityOf(user);
    const inThread = interaction.channel?.isThread() ?? false;
    const ownThread = inThread && (await tutor.threadOwner(placeOf(interaction.channelId), identity)) === 'self';
    // Everyone sees the conversation only where it is the learner's own (their DMs, their thread); elsewhere in a
    // server, and for what concerns only them, the reply is theirs alone.
    const ephemeral = sub.personal === true || (interaction.inGuild() && !ownThread);
    // Discord waits 3 s for an acknowledgement: "Ponder is thinking…" first, then the turn.
    await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
    const key = `discord:${interaction.id}`;
    const text = sub.words(sub.option ? (interaction.options.getString(sub.option.name) ?? undefined) : undefined);
    if (name === 'progress') {
      await interaction.editReply({ embeds: progressEmbeds(await tutor.progress(identity)) });
      return;
    }
    if (name === 'start' && interaction.inGuild() && !ownThread) {
      const thread = await openSession(interaction.channel, interaction.user);
      await interaction.editReply(thread ? `Your session is in <#${thread.id}>.` : NO_THREAD);
      if (thread) await turn({ user, input: { text }, key, outbox: channelOutbox(rest, thread.id, user), typing: thread.id, thread: placeOf(thread.id) });
      return;
    }
    await turn({ user, input: { text }, key, outbox: interactionOutbox(rest, interaction, { ephemeral, deferred: true }) });
  }

  async function onButton(interaction: ButtonInteraction): Promise<void> {
    const pressed = readButton(interaction.customId);
    if (!pressed) return;
    if (pressed.owner !== interaction.user.id) {
      await interaction.reply({ content: SOMEONE_ELSES_QUESTION, flags: MessageFlags.Ephemeral });
      return;
    }
    if (pressed.choice === undefined) {
      await interaction.reply({ content: EXPIRED, flags: MessageFlags.Ephemeral });
      return;
    }
    // The acknowledgement disables the pressed message's buttons: its question cannot be answered twice.
    await interaction.update({ components: disabledRows(interaction.message.components) });
    const user = interaction.user.id;
    const input = { choice: pressed.choice };
    // One answer per message, however many times its buttons are clicked before they are disabled.
    const key = `discord:${interaction.message.id}:button`;
    const ephemeral = interaction.message.flags.has(MessageFlags.Ephemeral);
    // A topic picked from a list shown only to them, in a server: the session goes to their thread.
    if (ephemeral && interaction.inGuild() && pressed.choice.startsWith('/start ')) {
      const thread = await openSession(interaction.channel, interaction.user);
      await interaction.followUp({ content: thread ? `Your session is in <#${thread.id}>.` : NO_THREAD, flags: MessageFlags.Ephemeral });
      if (thread) await turn({ user, input, key, outbox: channelOutbox(rest, thread.id, user), typing: thread.id, thread: placeOf(thread.id) });
      return;
    }
    const outbox = ephemeral ? interactionOutbox(rest, interaction, { ephemeral: true, deferred: false }) : channelOutbox(rest, interaction.channelId, user);
    await turn({ user, input, key, outbox, ...(ephemeral ? {} : { typing: interaction.channelId }) });
  }

  async function onAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const focused = interaction.options.getFocused(true);
    await interaction.respond(focused.name === 'topic' ? topicSuggestions(tutor.topics(), String(focused.value)) : []);
  }

  client.on(Events.MessageCreate, (message) => track(onMessage(message)));
  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.isAutocomplete()) track(onAutocomplete(interaction));
    else if (interaction.isChatInputCommand() && interaction.commandName === COMMAND_NAME) track(onCommand(interaction));
    else if (interaction.isButton()) track(onButton(interaction));
  });
  client.on(Events.Error, (error) => log.error({ err: error }, 'the Discord client failed'));
  client.on(Events.ShardError, (error) => log.warn({ err: error }, 'the Discord gateway connection failed; reconnecting'));

  await connect(client, config.token, config.readyTimeoutMs ?? 30_000);
  if (client.application?.id && client.application.id !== config.applicationId) {
    log.warn({ expected: config.applicationId, actual: client.application.id }, 'DISCORD_APPLICATION_ID is not the application of DISCORD_TOKEN: slash commands registered under it will not reach this bot');
  }
  return {
    where: `gateway, as ${client.user?.tag ?? 'the bot'}`,
    async close() {
      // Turns under way finish (their replies are committed and shown) before the connection goes.
      const drained = Promise.allSettled([...running]);
      await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
      await client.destroy();
    },
  };
}
