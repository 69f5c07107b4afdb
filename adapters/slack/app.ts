// The tutor in Slack, on @slack/bolt: direct messages with the app, choices as Block Kit buttons. A first piece of
// the Slack channel (HTTP mode); it maps Slack's calls onto the core's channel layer and nothing more.
import { App, Assistant, type types } from '@slack/bolt';
import { LRUCache } from 'lru-cache';
import { createRateLimiter, deliver, type Attachment, type ChannelCapabilities, type Logger, type NativeStream, type Outbox, type Tutor } from '../../src/index.ts';
import { homeView, STYLE_ACTION } from './home.ts';
import { boltLogger } from './log.ts';
import { toMrkdwn, toStreamedMarkdown } from './mrkdwn.ts';


export interface SlackAdapterConfig {
  tutor: Tutor;
  botToken: string;
  /** HTTP mode: events arrive signed with it at /slack/events. */
  signingSecret?: string;
  /** Socket Mode, when set: the app connects out to Slack over a WebSocket (no public address needed). */
  appToken?: string;
  /** The Web API's base URL (SLACK_API_URL), for tests and proxies; Slack's own by default. */
  apiUrl?: string;
  /** Turns per learner per minute. */
  turnsPerMinute?: number;
  logger?: Logger;
}

export interface SlackAdapter {
  /** Where Slack posts events (`…/slack/events`) in HTTP mode; "Socket Mode" otherwise. */
  url: string;
  close(): Promise<void>;
}

// A section holds 3,000 characters. In a thread a reply streams with Slack's own streaming calls; elsewhere (and
// where the workspace refuses them) one message is edited, about once a second, within Slack's limits.
export const SLACK: ChannelCapabilities = { streaming: 'native', maxChars: 3000, editEveryMs: 1200, buttons: true, ephemeral: true, files: true };

/** Appended text is sent to Slack in pieces of about this many characters, fewer calls inside its rate limits. */
const STREAM_BUFFER = 128;

type Choice = { id: string; label: string };

/** A message as Block Kit: the text as mrkdwn, buttons under it whose value is the choice they stand for. */
function blocks(text: string, choices?: readonly Choice[]) {
  return [
    { type: 'section', text: { type: 'mrkdwn', text: toMrkdwn(text) } },
    ...(choices?.length
      ? [{ type: 'actions', block_id: 'ponder-choices', elements: choices.map((c, i) => ({ type: 'button', action_id: `ponder-choice-${i}`, text: { type: 'plain_text', text: c.label.slice(0, 75) }, value: c.id.slice(0, 2000) })) }]
      : []),
  ];
}

type MessageEvent = types.MessageEvent;

/** A person's own new message: not the app's, another bot's, an edit, a deletion or a join. */
function fromAPerson(message: MessageEvent): message is MessageEvent & { user: string; text?: string } {
  return message.subtype === undefined && 'user' in message && Boolean(message.user) && 'text' in message && !('bot_id' in message && message.bot_id);
}

export async function createSlackAdapter(config: SlackAdapterConfig, listen: { port: number; host: string } = { port: 3001, host: '127.0.0.1' }): Promise<SlackAdapter> {
  const api = {
    // Bolt's conversation store keeps a context per conversation for listeners that ask for it; the tutor keeps its
    // own state, so the store would only cost every event a lookup and a write.
    convoStore: false as const,
    ...(config.apiUrl ? { clientOptions: { slackApiUrl: config.apiUrl } } : {}),
    ...(config.logger ? { logger: boltLogger(config.logger) } : {}),
  };
  const app = config.appToken
    ? // Socket Mode's own client opens the connection, so it is pointed at the same API as the app's.
      new App({ token: config.botToken, appToken: config.appToken, socketMode: true, ...api, ...(config.apiUrl ? { installerOptions: { clientOptions: { slackApiUrl: config.apiUrl } } } : {}) })
    : new App({ token: config.botToken, signingSecret: config.signingSecret ?? '', ...api });
  const limiter = createRateLimiter(config.turnsPerMinute ?? 30, 60_000);
  // Until the workspace refuses Slack's streaming calls once; then replies stream by edits.
  let nativeStreaming = true;

  /** One turn of a learner in a conversation, its replies delivered there; the event id makes it run once. */
  async function turn(args: { team: string; user: string; channel: string; input: { text: string } | { choice: string }; key: string; say: Outbox<string>; retry?: boolean; thread?: string }): Promise<void> {
    const identity = `slack:${args.team}/${args.user}`;
    // Slack sends an event again when it thinks the first went unanswered; if this process or another stored
    // its turn, the replies were shown then (the key is kept in the database, so this holds across restarts).
    if (args.retry && (await config.tutor.answered(identity, args.key))) return;
    if (limiter.hit(identity, Date.now()) !== undefined) {
      await args.say.post("That's a lot of messages at once. Please wait a moment and send it again.");
      return;
    }
    try {
      // An event delivered twice at once (to two processes) runs once: the second shows nothing (replay: false).
      await deliver(config.tutor.handle({ identity, ...args.input, key: args.key, replay: false, ...(args.thread ? { thread: args.thread } : {}) }), args.say, SLACK);
    } catch {
      // The tutor logged what went wrong; the learner gets a short apology, never its text.
      await args.say.post('Sorry, something went wrong on my side. Please send that again.').catch(() => undefined);
    }
  }

  /**
   * A tutoring thread opened by a mention in a channel, as the core knows it. Its owner is kept in the database
   * (across restarts and processes): only that person's replies in the thread are their answers; colleagues may
   * talk there without being graded.
   */
  const place = (team: string, channel: string, ts: string) => `slack:${team}/${channel}/${ts}`;
  const owner = (team: string, channel: string, ts: string, user: string) => config.tutor.threadOwner(place(team, channel, ts), `slack:${team}/${user}`);

  type Client = InstanceType<typeof App>['client'];

  /** A reply streamed with Slack's chat stream helper; Slack streams only in a thread, to one recipient. */
  const nativeStream = (client: Client, channel: string, thread: string, to: { team: string; user: string }): NativeStream<string> => {
    const streamer = client.chatStream({ channel, thread_ts: thread, recipient_team_id: to.team, recipient_user_id: to.user, buffer_size: STREAM_BUFFER });
    const refused = (error: unknown) => {
      if (nativeStreaming) config.logger?.warn({ error: error instanceof Error ? error.message : String(error) }, 'Slack refused streaming; replies are edited in place instead');
      nativeStreaming = false;
      throw error;
    };
    return {
      append: async (text) => void (await streamer.append({ markdown_text: toStreamedMarkdown(text) }).catch(refused)),
      async stop() {
        await streamer.stop().catch(refused);
        return streamer.ts;
      },
    };
  };

  const outbox = (client: Client, channel: string, thread?: string, to?: { team: string; user: string }): Outbox<string> => ({
    async post(text, choices) {
      const sent = await client.chat.postMessage({ channel, text, blocks: blocks(text, choices), ...(thread ? { thread_ts: thread } : {}) });
      return String(sent.ts ?? '');
    },
    async edit(ts, text, choices) {
      await client.chat.update({ channel, ts, text, blocks: blocks(text, choices) });
    },
    // Files go only to a direct conversation, where the learner alone sees them (an export is their data).
    ...(channel.startsWith('D')
      ? {
          async attach(file: Attachment) {
            await client.files.uploadV2({ channel_id: channel, filename: file.filename, content: file.content, title: file.filename });
          },
        }
      : {}),
    stream: () => (thread && to && nativeStreaming ? nativeStream(client, channel, thread, to) : undefined),
    // In a channel, what concerns only the learner (their progress, their data) is shown to them alone.
    ...(!channel.startsWith('D') && to
      ? {
          async whisper(text: string, choices?: readonly Choice[]) {
            await client.chat.postEphemeral({ channel, user: to.user, text, blocks: blocks(text, choices), ...(thread ? { thread_ts: thread } : {}) });
          },
        }
      : {}),
  });

  app.message(async ({ message, client, body, context }) => {
    // People's own new messages only: not the bot's, other bots' (an app posting as itself has no subtype), edits or joins.
    if (!fromAPerson(message)) return;
    const eventId = (body as { event_id?: string }).event_id ?? message.ts;
    const base = { team: (body as { team_id?: string }).team_id ?? 'team', user: message.user, channel: message.channel, input: { text: message.text ?? '' }, key: `slack:${eventId}`, retry: (context.retryNum ?? 0) > 0 };
    if (message.channel_type === 'im') {
      await turn({ ...base, say: outbox(client, message.channel) });
      return;
    }
    // In a channel: a reply in a tutoring thread, by the person it belongs to (a mention is app_mention's).
    const thread = 'thread_ts' in message ? message.thread_ts : undefined;
    if (!thread || (context.botUserId && (message.text ?? '').includes(`<@${context.botUserId}>`))) return;
    if ((await owner(base.team, message.channel, thread, message.user)) !== 'self') return;
    await turn({ ...base, say: outbox(client, message.channel, thread, { team: base.team, user: message.user }) });
  });

  // A mention in a channel opens (or continues) a tutoring thread for the person who wrote it.
  app.event('app_mention', async ({ event, client, body, context }) => {
    if (!event.user || event.bot_id) return;
    const team = (body as { team_id?: string }).team_id ?? 'team';
    const thread = event.thread_ts ?? event.ts;
    // Someone else's thread stays theirs: a mention there is a colleague talking, not this person's answer.
    if ((await owner(team, event.channel, thread, event.user)) === 'other') return;
    const text = event.text.replace(/<@[A-Z0-9]+>/g, '').trim() || '/resume';
    await turn({
      team,
      thread: place(team, event.channel, thread),
      user: event.user,
      channel: event.channel,
      input: { text },
      key: `slack:${(body as { event_id?: string }).event_id ?? event.ts}`,
      say: outbox(client, event.channel, thread, { team, user: event.user }),
      retry: (context.retryNum ?? 0) > 0,
    });
  });

  // Slack's assistant view (the AI-app split pane): each thread there is a conversation with the tutor in the
  // learner's direct messages, opened with suggested prompts and showing "thinking…" while a turn runs.
  app.assistant(
    new Assistant({
      threadStarted: async ({ event, body, client, setSuggestedPrompts }) => {
        const { user_id: user, channel_id: channel, thread_ts: thread } = event.assistant_thread;
        const team = (body as { team_id?: string }).team_id ?? 'team';
        const prompts = [
          ...config.tutor.topics().slice(0, 3).map((topic) => ({ title: `Start ${topic.title}`.slice(0, 75), message: `start ${topic.id}` })),
          { title: 'Show my progress', message: 'progress' },
        ];
        await setSuggestedPrompts({ title: 'Pick up where you like:', prompts }).catch(() => undefined);
        await turn({ team, user, channel, input: { text: '/resume' }, key: `slack:${(body as { event_id?: string }).event_id ?? thread}`, say: outbox(client, channel, thread, { team, user }) });
      },
      userMessage: async ({ message, body, client, context, setStatus }) => {
        if (!fromAPerson(message) || !('thread_ts' in message) || !message.thread_ts) return;
        const team = (body as { team_id?: string }).team_id ?? 'team';
        await setStatus('is thinking…').catch(() => undefined);
        await turn({
          team,
          user: message.user,
          channel: message.channel,
          input: { text: message.text ?? '' },
          key: `slack:${(body as { event_id?: string }).event_id ?? message.ts}`,
          say: outbox(client, message.channel, message.thread_ts, { team, user: message.user }),
          retry: (context.retryNum ?? 0) > 0,
        });
      },
    }),
  );

  // A learner's direct conversation with the app never changes: asked of Slack once per learner, not per command.
  const directConversations = new LRUCache<string, string>({ max: 10_000 });
  const directConversation = async (client: Client, team: string, user: string): Promise<string | undefined> => {
    const key = `${team}/${user}`;
    const known = directConversations.get(key);
    if (known) return known;
    const dm = (await client.conversations.open({ users: user })).channel?.id;
    if (dm) directConversations.set(key, dm);
    return dm;
  };

  const showHome = async (client: InstanceType<typeof App>['client'], team: string, user: string) => {
    const identity = `slack:${team}/${user}`;
    const [packs, styles] = await Promise.all([config.tutor.progress(identity), config.tutor.stylePreferences(identity)]);
    await client.views.publish({ user_id: user, view: homeView(packs, styles) });
  };

  /** A Home button that is a request to the tutor: answered in the learner's direct messages, then the tab redrawn. */
  const askFromHome = async (client: Client, team: string, user: string, text: string, key: string) => {
    const dm = await directConversation(client, team, user);
    if (!dm) return;
    await turn({ team, user, channel: dm, input: { text }, key, say: outbox(client, dm) });
    await showHome(client, team, user);
  };

  app.action(new RegExp(`^${STYLE_ACTION}-`), async ({ ack, body, action, client }) => {
    await ack();
    const style = action.type === 'button' ? action.value : undefined;
    if (!style) return;
    await askFromHome(client, body.team?.id ?? 'team', body.user.id, `style ${style}`, `slack:home:${'action_ts' in action ? action.action_ts : Date.now()}:${style}`);
  });

  app.action('ponder-review', async ({ ack, body, action, client }) => {
    await ack();
    await askFromHome(client, body.team?.id ?? 'team', body.user.id, 'review', `slack:home:${'action_ts' in action ? action.action_ts : Date.now()}:review`);
  });

  app.event('app_home_opened', async ({ event, client, body }) => {
    if (event.tab !== 'home') return;
    await showHome(client, (body as { team_id?: string }).team_id ?? 'team', event.user);
  });

  // Pressed after Slack's own confirmation dialog: the learner's data goes, and the tab says so.
  app.action('ponder-forget', async ({ ack, body, client }) => {
    await ack();
    const team = body.team?.id ?? 'team';
    await config.tutor.forget(`slack:${team}/${body.user.id}`);
    await showHome(client, team, body.user.id);
  });

  // `/ponder <words>` anywhere: the tutor answers in the learner's direct messages with the app, where what
  // concerns only them stays theirs; used elsewhere, only they see a note saying where to look.
  app.command('/ponder', async ({ ack, command, client, respond }) => {
    await ack();
    const dm = await directConversation(client, command.team_id, command.user_id);
    if (!dm) return;
    if (command.channel_id !== dm) await respond({ response_type: 'ephemeral', text: 'I have answered you in our direct messages.' }).catch(() => undefined);
    await turn({
      team: command.team_id,
      user: command.user_id,
      channel: dm,
      input: { text: command.text.trim() || 'help' },
      key: `slack:command:${command.trigger_id}`,
      say: outbox(client, dm),
    });
  });

  app.action(/^ponder-choice-\d+$/, async ({ ack, body, action, client, respond }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button' || !body.channel?.id) return;
    const channel = body.channel.id;
    // A message shown to the learner alone (ephemeral) comes without its body: its container says where it was.
    const container = body.container as { message_ts?: string; thread_ts?: string; is_ephemeral?: boolean };
    const messageTs = body.message?.ts ?? container.message_ts ?? '';
    const thread = (body.message as { thread_ts?: string } | undefined)?.thread_ts ?? container.thread_ts;
    const team = body.team?.id ?? 'team';
    if (thread && (await owner(team, channel, thread, body.user.id)) !== 'self') {
      await client.chat.postEphemeral({ channel, user: body.user.id, text: 'This question belongs to someone else: mention me to start your own.', ...(thread ? { thread_ts: thread } : {}) }).catch(() => undefined);
      return;
    }
    // The pressed message keeps its text and loses its buttons, so the question cannot be answered twice; one shown
    // to the learner alone is taken away (Slack lets an app replace an ephemeral message only through its response_url).
    if (body.message) {
      const text = String((body.message as { text?: string }).text ?? '');
      await client.chat.update({ channel, ts: messageTs, text, blocks: blocks(text) }).catch(() => undefined);
    } else {
      await respond({ delete_original: true }).catch(() => undefined);
    }
    await turn({
      team,
      user: body.user.id,
      channel,
      input: { choice: action.value ?? '' },
      key: `slack:action:${messageTs}:${'action_id' in action ? action.action_id : ''}`,
      say: outbox(client, channel, thread, { team, user: body.user.id }),
    });
  });

  if (config.appToken) {
    await app.start();
    return { url: 'Socket Mode', close: () => app.stop().then(() => undefined) };
  }
  const server = await app.start({ port: listen.port, host: listen.host });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : listen.port;
  return {
    url: `http://${listen.host}:${port}/slack/events`,
    close: () => app.stop().then(() => undefined),
  };
}
