// A local Discord for the real discord.js, on one 127.0.0.1 port: REST under /api/v10 and the gateway (a WebSocket
// speaking plain JSON: HELLO, IDENTIFY, READY, GUILD_CREATE, heartbeats, RESUME with the missed events replayed).
// It keeps every REST call, and every message the bot posted, edited or answered an interaction with, as a person
// would see it. Tests make people act through it: a direct message, a mention, a slash command, a button click.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { WebSocketServer, type WebSocket } from 'ws';

export interface FakeUser {
  id: string;
  username: string;
  bot?: boolean;
}

export interface RestCall {
  method: string;
  /** Without the `/api/v10` prefix and the query: `/channels/123/messages`. */
  path: string;
  query: Record<string, string>;
  /** The JSON body (or a multipart request's payload_json). */
  body: unknown;
  files: Array<{ filename: string; content: string }>;
  status: number;
  at: number;
}

export interface ShownButton {
  customId: string;
  label: string;
  disabled: boolean;
}

export interface ShownEmbed {
  title?: string;
  description?: string;
  fields?: Array<{ name: string; value: string }>;
}

/** A message of the bot's as people see it now: its latest text, buttons, embeds and files. */
export interface BotMessage {
  id: string;
  channelId: string;
  content: string;
  buttons: ShownButton[];
  embeds: ShownEmbed[];
  files: Array<{ filename: string; content: string }>;
  /** Seen only by the person whose interaction it answers. */
  ephemeral: boolean;
  /** The interaction it is the response or a follow-up of. */
  interactionId?: string;
  /** A deferred response that still shows "thinking…". */
  deferred: boolean;
  edits: number;
}

export interface InteractionCallback {
  interactionId: string;
  type: number;
  ephemeral: boolean;
  /** Milliseconds from the INTERACTION_CREATE dispatch to this acknowledgement. */
  afterMs: number;
}

export interface FakeChannel {
  id: string;
  type: number;
  name: string;
  guildId?: string;
  parentId?: string;
  /** For a thread: the people added to it. */
  members: string[];
  /** For a DM: the other person. */
  recipient?: string;
}

interface Guild {
  id: string;
  name: string;
  channels: string[];
}

interface Interaction {
  id: string;
  token: string;
  channelId: string;
  userId: string;
  dispatchedAt: number;
  acknowledged: boolean;
  originalId?: string;
  sourceMessageId?: string;
}

interface Session {
  id: string;
  seq: number;
  history: Array<{ s: number; t: string; d: unknown }>;
  socket?: WebSocket;
  intents: number;
}

type DropKind = 'network' | 'reconnect' | 'server-close' | 'invalid-session';

export interface FakeDiscordOptions {
  token?: string;
  /** The gateway's heartbeat interval (Discord's is about 41 s; short in tests so a zombie shows quickly). */
  heartbeatMs?: number;
  /** Guilds the bot is in, each with its text channels (by name). */
  guilds?: Array<{ name: string; channels: string[] }>;
  /** Whether the application may use privileged intents; without, IDENTIFY asking for one is closed with 4014. */
  privilegedIntents?: boolean;
}

export interface FakeDiscord {
  apiUrl: string;
  token: string;
  bot: FakeUser;
  applicationId: string;
  guilds: Array<{ id: string; name: string; channels: Record<string, string> }>;
  channels: Map<string, FakeChannel>;
  calls: RestCall[];
  /** The same calls with the channel each was for ('' for none) and when it arrived (performance.now()), for benchmarks. */
  timeline: Array<{ method: string; path: string; channel: string; at: number }>;
  messages: BotMessage[];
  callbacks: InteractionCallback[];
  autocompletes: Array<{ interactionId: string; choices: Array<{ name: string; value: string }> }>;
  /** Slash command definitions registered, by scope: 'global' or a guild id. */
  commands: Map<string, unknown[]>;
  gateway: {
    connections: number;
    identifies: number;
    resumes: number;
    /** The intents of the last IDENTIFY. */
    intents: number | undefined;
    /** Whether a session is connected and ready (after READY or RESUMED). */
    live(): boolean;
    /** Ends the connection: a network failure, Discord asking for a reconnect (op 7), a close frame, or an invalid session. */
    drop(kind?: DropKind): void;
    dispatch(t: string, d: unknown): void;
  };
  user(username: string): FakeUser;
  dmChannelOf(user: FakeUser): string;
  /** A direct message from a person to the bot; returns its message id. */
  dm(user: FakeUser, content: string, messageId?: string): string;
  /** A message in a guild channel or thread, mentioning the bot or not; returns its id. */
  post(user: FakeUser, channelId: string, content: string, options?: { mention?: boolean; messageId?: string }): string;
  /** `/ponder <sub> [options]` typed in a channel; returns the interaction id. */
  slash(user: FakeUser, channelId: string, sub: string, options?: Record<string, string>): string;
  /** Typing in an autocompleted option; returns the interaction id. */
  autocomplete(user: FakeUser, channelId: string, sub: string, option: string, typed: string): string;
  /** A button pressed under one of the bot's messages; returns the interaction id. */
  click(user: FakeUser, message: BotMessage, customId: string): string;
  /** Answers the next `count` REST calls matching with 429 and Discord's rate-limit headers. */
  rateLimit(method: string, path: RegExp, count: number, retryAfterSeconds: number): void;
  /** Answers the next `count` REST calls matching with this error status. */
  fail(method: string, path: RegExp, count: number, status: number): void;
  /** The bot's messages in a channel, oldest first (ephemeral ones included, as their person sees them). */
  in(channelId: string): BotMessage[];
  /** Resolves once the bot has been quiet (no REST call) for `quietMs` and `until` holds. */
  settle(until?: () => boolean, options?: { quietMs?: number; timeoutMs?: number }): Promise<void>;
  close(): Promise<void>;
}

const DISCORD_EPOCH = 1_420_070_400_000n;
const EPHEMERAL = 1 << 6;
const PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15);
const MESSAGE_CONTENT_INTENT = 1 << 15;

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  let counter = 0n;
  /** Snowflakes as Discord makes them: time in the high bits, so they sort by creation and parse as dates. */
  const snowflake = () => String(((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) + (counter++ % 4096n));
  const token = options.token ?? 'MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GfAkEd.fake-discord-token-for-tests-only';
  const heartbeatMs = options.heartbeatMs ?? 1000;
  const bot: FakeUser = { id: snowflake(), username: 'Ponder', bot: true };
  const applicationId = bot.id;
  const users = new Map<string, FakeUser>([[bot.id, bot]]);
  const channels = new Map<string, FakeChannel>();
  const guilds: Guild[] = [];
  const calls: RestCall[] = [];
  const timeline: FakeDiscord['timeline'] = [];
  const messages: BotMessage[] = [];
  const callbacks: InteractionCallback[] = [];
  const autocompletes: FakeDiscord['autocompletes'] = [];
  const commands = new Map<string, unknown[]>();
  const interactions = new Map<string, Interaction>();
  const limits: Array<{ method: string; path: RegExp; count: number; status: number; retryAfter?: number }> = [];
  let lastCallAt = Date.now();

  for (const spec of options.guilds ?? [{ name: 'Study Hall', channels: ['general'] }]) {
    const guild: Guild = { id: snowflake(), name: spec.name, channels: [] };
    for (const name of spec.channels) {
      const id = snowflake();
      channels.set(id, { id, type: 0, name, guildId: guild.id, members: [] });
      guild.channels.push(id);
    }
    guilds.push(guild);
  }

  const wireUser = (u: FakeUser) => ({ id: u.id, username: u.username, discriminator: '0', global_name: u.username, avatar: null, bot: u.bot ?? false });
  const member = (u: FakeUser) => ({ user: wireUser(u), roles: [], joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0, pending: false, nick: null, avatar: null, permissions: '2248473465835073' });
  const wireChannel = (c: FakeChannel) => ({
    id: c.id,
    type: c.type,
    name: c.name,
    ...(c.guildId ? { guild_id: c.guildId } : {}),
    ...(c.parentId ? { parent_id: c.parentId } : {}),
    ...(c.recipient ? { recipients: [wireUser(users.get(c.recipient) ?? { id: c.recipient, username: 'someone' })] } : {}),
    ...(c.type === 11 || c.type === 12
      ? {
          owner_id: bot.id,
          member_count: c.members.length + 1,
          message_count: 0,
          total_message_sent: 0,
          thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false, invitable: false },
        }
      : { position: 0, permission_overwrites: [] }),
    last_message_id: null,
  });

  const buttonsOf = (components: unknown): ShownButton[] =>
    (Array.isArray(components) ? (components as Array<{ components?: Array<{ type: number; custom_id?: string; label?: string; disabled?: boolean }> }>) : [])
      .flatMap((row) => row.components ?? [])
      .filter((c) => c.type === 2)
      .map((c) => ({ customId: c.custom_id ?? '', label: c.label ?? '', disabled: c.disabled === true }));

  const wireMessage = (m: BotMessage) => {
    const channel = channels.get(m.channelId);
    return {
      id: m.id,
      channel_id: m.channelId,
      ...(channel?.guildId ? { guild_id: channel.guildId } : {}),
      author: wireUser(bot),
      content: m.content,
      timestamp: new Date().toISOString(),
      edited_timestamp: m.edits > 0 ? new Date().toISOString() : null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: m.files.map((f, i) => ({ id: String(i), filename: f.filename, size: f.content.length, url: `https://cdn.invalid/${f.filename}`, proxy_url: `https://cdn.invalid/${f.filename}` })),
      embeds: m.embeds,
      pinned: false,
      type: 0,
      flags: m.ephemeral ? EPHEMERAL : 0,
      components: [
        ...(m.buttons.length
          ? [{ type: 1, components: m.buttons.map((b) => ({ type: 2, style: 2, label: b.label, custom_id: b.customId, disabled: b.disabled })) }]
          : []),
      ],
      ...(m.interactionId ? { webhook_id: applicationId, application_id: applicationId } : {}),
    };
  };

  /** The bot's message as written in a request body: new, or an edit of an existing one. */
  function write(body: Record<string, unknown>, files: RestCall['files'], into: BotMessage): BotMessage {
    if (typeof body['content'] === 'string') into.content = body['content'];
    if ('components' in body) into.buttons = buttonsOf(body['components']);
    if (Array.isArray(body['embeds'])) into.embeds = body['embeds'] as ShownEmbed[];
    if (files.length) into.files = files;
    return into;
  }

  function newMessage(channelId: string, extra: Partial<BotMessage> = {}): BotMessage {
    const m: BotMessage = { id: snowflake(), channelId, content: '', buttons: [], embeds: [], files: [], ephemeral: false, deferred: false, edits: 0, ...extra };
    messages.push(m);
    return m;
  }

  // --- the gateway -------------------------------------------------------------------------------------------

  const sessions = new Map<string, Session>();
  let current: Session | undefined;
  const gatewayState = { connections: 0, identifies: 0, resumes: 0, intents: undefined as number | undefined };

  const sendTo = (ws: WebSocket | undefined, payload: object) => {
    if (ws?.readyState === 1) ws.send(JSON.stringify(payload));
  };

  function dispatch(t: string, d: unknown): void {
    const session = current;
    if (!session) throw new Error('no gateway session: is the client logged in?');
    const event = { s: ++session.seq, t, d };
    session.history.push(event);
    // While the connection is down the event waits for the RESUME, as Discord keeps it.
    sendTo(session.socket, { op: 0, ...event });
  }

  const guildCreate = (g: Guild) => ({
    id: g.id,
    name: g.name,
    icon: null,
    owner_id: snowflake(),
    unavailable: false,
    member_count: 2,
    large: false,
    joined_at: new Date(0).toISOString(),
    features: [],
    roles: [{ id: g.id, name: '@everyone', permissions: '2248473465835073', position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
    emojis: [],
    stickers: [],
    members: [member(bot)],
    channels: g.channels.map((id) => channels.get(id)).filter((c): c is FakeChannel => c !== undefined && c.type === 0).map(wireChannel),
    // Active threads the bot can see, as Discord lists them when it (re)connects.
    threads: [...channels.values()].filter((c) => c.guildId === g.id && (c.type === 11 || c.type === 12)).map(wireChannel),
    voice_states: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    premium_tier: 0,
    preferred_locale: 'en-US',
    system_channel_flags: 0,
    verification_level: 0,
    explicit_content_filter: 0,
    default_message_notifications: 0,
    mfa_level: 0,
    nsfw_level: 0,
  });

  const wss = new WebSocketServer({ noServer: true });
  wss.on('connection', (ws: WebSocket) => {
    gatewayState.connections += 1;
    let session: Session | undefined;
    ws.on('message', (raw: Buffer) => {
      const payload = JSON.parse(raw.toString()) as { op: number; d: Record<string, unknown> | number | null };
      const d = (payload.d ?? {}) as Record<string, unknown>;
      if (payload.op === 1) return sendTo(ws, { op: 11 });
      if (payload.op === 2) {
        gatewayState.identifies += 1;
        const intents = Number(d['intents'] ?? 0);
        gatewayState.intents = intents;
        if (d['token'] !== token) return ws.close(4004, 'Authentication failed.');
        if (options.privilegedIntents === false && (intents & PRIVILEGED_INTENTS) !== 0) return ws.close(4014, 'Disallowed intent(s).');
        session = { id: `session-${snowflake()}`, seq: 0, history: [], socket: ws, intents };
        sessions.set(session.id, session);
        current = session;
        const port = (server.address() as AddressInfo).port;
        dispatch('READY', {
          v: 10,
          user: { ...wireUser(bot), verified: true, mfa_enabled: false, flags: 0 },
          guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
          session_id: session.id,
          resume_gateway_url: `ws://127.0.0.1:${port}/gateway`,
          shard: [0, 1],
          application: { id: applicationId, flags: 0 },
          private_channels: [],
          relationships: [],
          presences: [],
          user_settings: {},
          guild_join_requests: [],
          geo_ordered_rtc_regions: [],
        });
        for (const g of guilds) dispatch('GUILD_CREATE', guildCreate(g));
        return;
      }
      if (payload.op === 6) {
        const known = sessions.get(String(d['session_id']));
        if (!known || d['token'] !== token) return sendTo(ws, { op: 9, d: false });
        gatewayState.resumes += 1;
        session = known;
        known.socket = ws;
        current = known;
        // What the client missed, in order, then RESUMED, as Discord replays a session.
        const from = Number(d['seq'] ?? 0);
        for (const event of known.history.filter((e) => e.s > from)) sendTo(ws, { op: 0, ...event });
        dispatch('RESUMED', {});
      }
    });
    ws.on('close', () => {
      if (session?.socket === ws) session.socket = undefined;
    });
    sendTo(ws, { op: 10, d: { heartbeat_interval: heartbeatMs } });
  });

  // --- REST ----------------------------------------------------------------------------------------------------

  const json = (res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) => {
    if (body === undefined) {
      res.writeHead(status, headers);
      res.end();
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  async function readBody(req: IncomingMessage): Promise<{ body: unknown; files: RestCall['files'] }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const type = req.headers['content-type'] ?? '';
    if (type.startsWith('multipart/form-data')) {
      // Attachments come as multipart: payload_json holds the message, files[n] the files.
      const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
      const files: RestCall['files'] = [];
      let body: unknown = {};
      for (const [name, value] of form.entries()) {
        if (name === 'payload_json') body = JSON.parse(String(value)) as unknown;
        else if (typeof value !== 'string') files.push({ filename: value.name, content: await value.text() });
      }
      return { body, files };
    }
    const text = raw.toString('utf8');
    return { body: text ? (JSON.parse(text) as unknown) : undefined, files: [] };
  }

  function route(method: string, path: string, query: Record<string, string>, body: Record<string, unknown>, files: RestCall['files'], res: ServerResponse): number {
    const reply = (status: number, payload?: unknown) => {
      json(res, status, payload);
      return status;
    };
    const notFound = () => reply(404, { message: 'Unknown', code: 10003 });
    let m: RegExpMatchArray | null;

    if (method === 'GET' && (path === '/gateway/bot' || path === '/gateway')) {
      const port = (server.address() as AddressInfo).port;
      return reply(200, { url: `ws://127.0.0.1:${port}/gateway`, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } });
    }
    if (method === 'GET' && path === '/users/@me') return reply(200, wireUser(bot));
    if (method === 'GET' && path === '/applications/@me') return reply(200, { id: applicationId, name: 'Ponder', flags: 0, bot_public: true, bot_require_code_grant: false, description: '' });

    if ((m = path.match(/^\/applications\/(\d+)\/(?:guilds\/(\d+)\/)?commands$/)) && method === 'PUT') {
      if (m[1] !== applicationId) return reply(404, { message: 'Unknown Application', code: 10002 });
      const list = (Array.isArray(body) ? body : []) as Array<Record<string, unknown>>;
      commands.set(m[2] ?? 'global', list);
      return reply(200, list.map((c) => ({ ...c, id: snowflake(), application_id: applicationId, version: snowflake(), ...(m?.[2] ? { guild_id: m[2] } : {}) })));
    }

    if (method === 'POST' && path === '/users/@me/channels') {
      const recipient = String(body['recipient_id'] ?? '');
      const user = users.get(recipient);
      if (!user) return reply(400, { message: 'Invalid Recipient(s)', code: 50033 });
      return reply(200, wireChannel(channels.get(dmChannelOf(user)) as FakeChannel));
    }

    if ((m = path.match(/^\/channels\/(\d+)$/)) && method === 'GET') {
      const channel = channels.get(m[1] ?? '');
      return channel ? reply(200, wireChannel(channel)) : notFound();
    }
    if ((m = path.match(/^\/channels\/(\d+)\/typing$/)) && method === 'POST') return reply(204);
    if ((m = path.match(/^\/channels\/(\d+)\/messages$/)) && method === 'POST') {
      if (!channels.has(m[1] ?? '')) return notFound();
      return reply(200, wireMessage(write(body, files, newMessage(m[1] ?? ''))));
    }
    if ((m = path.match(/^\/channels\/(\d+)\/messages\/(\d+)$/)) && method === 'PATCH') {
      const message = messages.find((x) => x.id === m?.[2] && x.channelId === m?.[1]);
      if (!message) return reply(404, { message: 'Unknown Message', code: 10008 });
      message.edits += 1;
      return reply(200, wireMessage(write(body, files, message)));
    }
    if ((m = path.match(/^\/channels\/(\d+)\/(?:messages\/(\d+)\/)?threads$/)) && method === 'POST') {
      const parent = channels.get(m[1] ?? '');
      if (!parent?.guildId) return reply(400, { message: 'Cannot execute action on this channel type', code: 50024 });
      const thread: FakeChannel = { id: m[2] ?? snowflake(), type: m[2] ? 11 : Number(body['type'] ?? 12), name: String(body['name'] ?? 'thread'), guildId: parent.guildId, parentId: parent.id, members: [] };
      channels.set(thread.id, thread);
      // Discord tells the bot about a thread it created, which puts it in the client's cache too.
      dispatch('THREAD_CREATE', { ...wireChannel(thread), newly_created: true });
      return reply(201, wireChannel(thread));
    }
    if ((m = path.match(/^\/channels\/(\d+)\/thread-members\/(\d+|@me)$/)) && method === 'PUT') {
      const thread = channels.get(m[1] ?? '');
      if (!thread) return notFound();
      if (m[2] !== '@me' && !thread.members.includes(m[2] ?? '')) thread.members.push(m[2] ?? '');
      return reply(204);
    }

    if ((m = path.match(/^\/interactions\/(\d+)\/([^/]+)\/callback$/)) && method === 'POST') {
      const interaction = interactions.get(m[2] ?? '');
      if (!interaction || interaction.id !== m[1]) return reply(404, { message: 'Unknown interaction', code: 10062 });
      if (interaction.acknowledged) return reply(400, { message: 'Interaction has already been acknowledged.', code: 40060 });
      interaction.acknowledged = true;
      const type = Number(body['type']);
      const data = (body['data'] ?? {}) as Record<string, unknown>;
      const ephemeral = (Number(data['flags'] ?? 0) & EPHEMERAL) !== 0;
      callbacks.push({ interactionId: interaction.id, type, ephemeral, afterMs: Date.now() - interaction.dispatchedAt });
      let message: BotMessage | undefined;
      if (type === 4 || type === 5) {
        message = write(data, files, newMessage(interaction.channelId, { ephemeral, interactionId: interaction.id, deferred: type === 5 }));
        interaction.originalId = message.id;
      } else if (type === 7) {
        message = messages.find((x) => x.id === interaction.sourceMessageId);
        if (message) {
          message.edits += 1;
          write(data, files, message);
        }
      } else if (type === 8) {
        autocompletes.push({ interactionId: interaction.id, choices: (data['choices'] ?? []) as Array<{ name: string; value: string }> });
      }
      if (query['with_response'] === 'true') {
        return reply(200, { interaction: { id: interaction.id, type: 2, activity_instance_id: null, response_message_id: message?.id ?? null, response_message_loading: type === 5, response_message_ephemeral: ephemeral }, resource: { type, ...(message ? { message: wireMessage(message) } : {}) } });
      }
      return reply(204);
    }
    if ((m = path.match(/^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/(@original|\d+))?$/))) {
      const interaction = interactions.get(m[2] ?? '');
      if (!interaction || m[1] !== applicationId) return reply(404, { message: 'Unknown Webhook', code: 10015 });
      const target = m[3] === '@original' ? interaction.originalId : m[3];
      if (method === 'POST' && !m[3]) {
        // A follow-up before any acknowledgement is refused, as Discord does.
        if (!interaction.acknowledged) return reply(404, { message: 'Unknown Webhook', code: 10015 });
        const ephemeral = (Number(body['flags'] ?? 0) & EPHEMERAL) !== 0;
        return reply(200, wireMessage(write(body, files, newMessage(interaction.channelId, { ephemeral, interactionId: interaction.id }))));
      }
      const message = messages.find((x) => x.id === target && x.interactionId === interaction.id);
      if (!message) return reply(404, { message: 'Unknown Message', code: 10008 });
      if (method === 'GET') return reply(200, wireMessage(message));
      if (method === 'PATCH') {
        message.edits += 1;
        message.deferred = false;
        return reply(200, wireMessage(write(body, files, message)));
      }
      if (method === 'DELETE') {
        messages.splice(messages.indexOf(message), 1);
        return reply(204);
      }
    }
    return notFound();
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const { body, files } = await readBody(req);
    const method = req.method ?? 'GET';
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, '');
    const query = Object.fromEntries(url.searchParams.entries());
    const call: RestCall = { method, path, query, body, files, status: 0, at: Date.now() };
    calls.push(call);
    timeline.push({ method, path, channel: /^\/channels\/(\d+)/.exec(path)?.[1] ?? '', at: performance.now() });
    lastCallAt = Date.now();
    // Interaction callbacks and webhooks are authorised by their token in the path, everything else by the bot's.
    const tokenInPath = /^\/(interactions|webhooks)\//.test(path);
    if (!tokenInPath && req.headers.authorization !== `Bot ${token}`) {
      call.status = 401;
      return json(res, 401, { message: '401: Unauthorized', code: 0 });
    }
    const limit = limits.find((l) => l.count > 0 && l.method === method && l.path.test(path));
    if (limit) {
      limit.count -= 1;
      call.status = limit.status;
      if (limit.status === 429) {
        const after = limit.retryAfter ?? 1;
        return json(
          res,
          429,
          { message: 'You are being rate limited.', retry_after: after, global: false },
          {
            'retry-after': String(after),
            'x-ratelimit-limit': '5',
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': String(Date.now() / 1000 + after),
            'x-ratelimit-reset-after': String(after),
            'x-ratelimit-bucket': 'fake-bucket',
            'x-ratelimit-scope': 'user',
          },
        );
      }
      return json(res, limit.status, { message: 'Missing Access', code: limit.status === 403 ? 50001 : 0 });
    }
    call.status = route(method, path, query, (body ?? {}) as Record<string, unknown>, files, res);
  }

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, { message: String(error), code: 0 });
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (req, socket, head) => {
    if (!(req.url ?? '').startsWith('/gateway')) return socket.destroy();
    wss.handleUpgrade(req, socket as Socket, head, (ws) => wss.emit('connection', ws, req));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;

  // --- what people do ------------------------------------------------------------------------------------------

  function dmChannelOf(user: FakeUser): string {
    const existing = [...channels.values()].find((c) => c.type === 1 && c.recipient === user.id);
    if (existing) return existing.id;
    const id = snowflake();
    channels.set(id, { id, type: 1, name: '', recipient: user.id, members: [] });
    return id;
  }

  const baseMessage = (id: string, channelId: string, author: FakeUser, content: string) => ({
    id,
    channel_id: channelId,
    author: wireUser(author),
    content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [] as unknown[],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    type: 0,
    flags: 0,
    components: [],
  });

  function interactionBase(user: FakeUser, channelId: string, type: number, data: unknown, extra: object = {}): string {
    const channel = channels.get(channelId);
    if (!channel) throw new Error(`no channel ${channelId}`);
    const id = snowflake();
    const itoken = `itoken-${id}`;
    interactions.set(itoken, { id, token: itoken, channelId, userId: user.id, dispatchedAt: Date.now(), acknowledged: false, ...('message' in extra ? { sourceMessageId: (extra as { message: { id: string } }).message.id } : {}) });
    dispatch('INTERACTION_CREATE', {
      id,
      application_id: applicationId,
      type,
      data,
      token: itoken,
      version: 1,
      channel_id: channelId,
      channel: wireChannel(channel),
      ...(channel.guildId ? { guild_id: channel.guildId, member: member(user), guild_locale: 'en-US' } : { user: wireUser(user) }),
      app_permissions: '2248473465835073',
      locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { 0: channel.guildId ?? '0' },
      context: channel.guildId ? 0 : 1,
      ...extra,
    });
    return id;
  }

  const subcommand = (sub: string, opts: Array<Record<string, unknown>>) => ({ id: snowflake(), name: 'ponder', type: 1, options: [{ name: sub, type: 1, options: opts }] });

  const fake: FakeDiscord = {
    apiUrl: `http://127.0.0.1:${port}/api`,
    token,
    bot,
    applicationId,
    guilds: guilds.map((g) => ({ id: g.id, name: g.name, channels: Object.fromEntries(g.channels.map((id) => [channels.get(id)?.name ?? '', id])) })),
    channels,
    calls,
    timeline,
    messages,
    callbacks,
    autocompletes,
    commands,
    gateway: {
      get connections() {
        return gatewayState.connections;
      },
      get identifies() {
        return gatewayState.identifies;
      },
      get resumes() {
        return gatewayState.resumes;
      },
      get intents() {
        return gatewayState.intents;
      },
      live: () => current?.socket?.readyState === 1,
      drop(kind = 'network') {
        const ws = current?.socket;
        if (!ws) return;
        if (kind === 'network') ws.terminate();
        else if (kind === 'reconnect') sendTo(ws, { op: 7, d: null });
        else if (kind === 'server-close') ws.close(4000, 'Unknown error');
        else sendTo(ws, { op: 9, d: false });
      },
      dispatch,
    },
    user(username) {
      const u: FakeUser = { id: snowflake(), username };
      users.set(u.id, u);
      return u;
    },
    dmChannelOf,
    dm(user, content, messageId = snowflake()) {
      dispatch('MESSAGE_CREATE', { ...baseMessage(messageId, dmChannelOf(user), user, content), channel_type: 1 });
      return messageId;
    },
    post(user, channelId, content, opts = {}) {
      const channel = channels.get(channelId);
      if (!channel?.guildId) throw new Error(`no guild channel ${channelId}`);
      const id = opts.messageId ?? snowflake();
      const text = opts.mention ? `<@${bot.id}> ${content}` : content;
      // Without the Message Content intent, Discord empties a guild message that does not mention the bot.
      const readable = opts.mention || ((current?.intents ?? 0) & MESSAGE_CONTENT_INTENT) !== 0;
      dispatch('MESSAGE_CREATE', {
        ...baseMessage(id, channelId, user, readable ? text : ''),
        guild_id: channel.guildId,
        member: { ...member(user), user: undefined },
        mentions: opts.mention ? [{ ...wireUser(bot), member: member(bot) }] : [],
      });
      return id;
    },
    slash(user, channelId, sub, opts = {}) {
      return interactionBase(user, channelId, 2, subcommand(sub, Object.entries(opts).map(([name, value]) => ({ name, type: 3, value }))));
    },
    autocomplete(user, channelId, sub, option, typed) {
      return interactionBase(user, channelId, 4, subcommand(sub, [{ name: option, type: 3, value: typed, focused: true }]));
    },
    click(user, message, customId) {
      return interactionBase(user, message.channelId, 3, { custom_id: customId, component_type: 2 }, { message: wireMessage(message) });
    },
    rateLimit(method, path, count, retryAfterSeconds) {
      limits.push({ method, path, count, status: 429, retryAfter: retryAfterSeconds });
    },
    fail(method, path, count, status) {
      limits.push({ method, path, count, status });
    },
    in: (channelId) => messages.filter((m) => m.channelId === channelId),
    async settle(until = () => true, opts = {}) {
      const quietMs = opts.quietMs ?? 120;
      const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
      while (Date.now() < deadline) {
        if (until() && Date.now() - lastCallAt >= quietMs) return;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error('the bot did not settle in time');
    },
    async close() {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((done) => wss.close(() => done()));
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
  return fake;
}
