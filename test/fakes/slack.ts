// A local Slack for the real @slack/bolt: the Web API on 127.0.0.1 (form-encoded `POST /api/<method>`, answers
// `{ok: true, …}`), keeping every message the app posts or updates as a learner would see it, and a sender of
// Events API requests and block actions signed with the app's signing secret, as Slack signs them.
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { WebSocketServer, type WebSocket } from 'ws';

export interface SlackMessage {
  channel: string;
  ts: string;
  /** The thread it was posted in, if any. */
  thread?: string;
  /** Shown to this user only. */
  ephemeralTo?: string;
  text: string;
  buttons: Array<{ label: string; value: string; actionId: string }>;
  /** Streamed with chat.startStream: how many times text was appended, and whether the stream was stopped. */
  stream?: { appends: number; stopped: boolean };
}

interface Block {
  type: string;
  elements?: Array<{ action_id: string; text: { text: string }; value: string }>;
}

export interface FakeSlack {
  apiUrl: string;
  /** Messages in the order they were first posted, each with its latest text and buttons. */
  messages: SlackMessage[];
  /** Files the app shared, with the conversation they went to. */
  files: Array<{ channel: string; filename: string; content: string }>;
  /** Home tabs the app published, in order. */
  views: Array<{ user: string; view: { blocks: Array<{ text?: { text: string } }> } }>;
  /** What the app sent to a slash command's response_url. */
  responses: Array<{ text: string; ephemeral: boolean }>;
  /** Answers the next `n` calls of `method` with 429 and a Retry-After of one second, as Slack rate-limits. */
  rateLimit(method: string, n: number): void;
  /** Answers the next `n` calls of `method` with Slack's `{ok: false, error}`, which a client does not retry. */
  fail(method: string, n: number, error: string): void;
  /** Whether the workspace lets the app stream messages (chat.startStream); when not, the calls fail as Slack's do. */
  streaming: boolean;
  /** The assistant view: status and suggested prompts the app set on each thread ("channel/thread"), in order. */
  assistant: { statuses: Array<{ thread: string; status: string }>; prompts: Array<{ thread: string; prompts: Array<{ title: string; message: string }> }>; titles: string[] };
  /** Every Web API method the app called, in order. */
  calls: string[];
  /** The same calls with the conversation each was for and when it arrived (performance.now()), for benchmarks. */
  timeline: Array<{ method: string; channel: string; at: number }>;
  /** Socket Mode: how many times the app opened a connection, and envelopes it acknowledged. */
  socket: {
    opened: number;
    acks: string[];
    /** Pushes an Events API body (as directMessage() makes) to the connected app; resolves once it is acknowledged. */
    push(eventBody: string): Promise<void>;
    /** Drops the connection, as a network or Slack's own refresh would. */
    drop(): void;
  };
  close(): Promise<void>;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const messages: SlackMessage[] = [];
  const limits = new Map<string, number>();
  const failures = new Map<string, { n: number; error: string }>();
  const responses: FakeSlack['responses'] = [];
  const views: FakeSlack['views'] = [];
  const files: FakeSlack['files'] = [];
  const uploads = new Map<string, { filename: string; content: string }>();
  const assistant: FakeSlack['assistant'] = { statuses: [], prompts: [], titles: [] };
  const calls: string[] = [];
  const timeline: FakeSlack['timeline'] = [];
  const state = { streaming: true };
  let clock = 1_700_000_000;
  // Socket Mode: the app asks apps.connections.open for a URL, connects, gets "hello", then envelopes to ack.
  const sockets = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((done) => sockets.once('listening', () => done()));
  let live: WebSocket | undefined;
  const acked = new Map<string, () => void>();
  const socket: FakeSlack['socket'] = {
    opened: 0,
    acks: [],
    async push(eventBody) {
      for (let i = 0; i < 500 && live?.readyState !== 1; i++) await new Promise((r) => setTimeout(r, 20));
      const envelope = `env-${++clock}`;
      const done = new Promise<void>((resolve) => acked.set(envelope, resolve));
      live?.send(JSON.stringify({ envelope_id: envelope, type: 'events_api', accepts_response_payload: false, retry_attempt: 0, retry_reason: '', payload: JSON.parse(eventBody) as unknown }));
      await done;
    },
    drop() {
      live?.terminate();
      live = undefined;
    },
  };
  sockets.on('connection', (ws) => {
    live = ws;
    ws.on('message', (data: Buffer) => {
      const { envelope_id: envelope } = JSON.parse(data.toString()) as { envelope_id?: string };
      if (!envelope) return;
      socket.acks.push(envelope);
      acked.get(envelope)?.();
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake', approximate_connection_time: 3600 }, connection_info: { app_id: 'A1' } }));
  });
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      const method = (req.url ?? '').replace(/^\/api\//, '');
      const form = new URLSearchParams(raw);
      const reply = (body: object) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true, ...body }));
      };
      const buttons = () =>
        (JSON.parse(form.get('blocks') ?? '[]') as Block[]).flatMap((b) => (b.type === 'actions' ? (b.elements ?? []).map((e) => ({ label: e.text.text, value: e.value, actionId: e.action_id })) : []));
      calls.push(method);
      timeline.push({ method, channel: form.get('channel') ?? form.get('channel_id') ?? '', at: performance.now() });
      const failing = failures.get(method);
      if (failing && failing.n > 0) {
        failing.n -= 1;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: failing.error }));
        return;
      }
      const limited = limits.get(method) ?? 0;
      if (limited > 0) {
        limits.set(method, limited - 1);
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
        res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
        return;
      }
      if (method === 'files.getUploadURLExternal') {
        const id = `F${++clock}`;
        uploads.set(id, { filename: form.get('filename') ?? '', content: '' });
        return reply({ file_id: id, upload_url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/upload/${id}` });
      }
      if ((req.url ?? '').startsWith('/upload/')) {
        const upload = uploads.get((req.url ?? '').slice('/upload/'.length));
        // The client posts the file as multipart form data: its one part's body is the file.
        const multipart = /multipart\/form-data/.test(req.headers['content-type'] ?? '');
        if (upload) upload.content = multipart ? raw.slice(raw.indexOf('\r\n\r\n') + 4, raw.lastIndexOf('\r\n--')) : raw;
        res.writeHead(200);
        res.end('OK');
        return;
      }
      if (method === 'files.completeUploadExternal') {
        const listed = JSON.parse(form.get('files') ?? '[]') as Array<{ id: string }>;
        for (const { id } of listed) {
          const upload = uploads.get(id);
          if (upload) files.push({ channel: form.get('channel_id') ?? '', ...upload });
        }
        return reply({ files: listed });
      }
      if (method === 'views.publish') {
        views.push({ user: form.get('user_id') ?? '', view: JSON.parse(form.get('view') ?? '{}') as { blocks: Array<{ text?: { text: string } }> } });
        return reply({});
      }
      if (method === 'conversations.open') return reply({ channel: { id: `D-${form.get('users') ?? ''}` } });
      if (req.url === '/respond') {
        const body = JSON.parse(raw) as { text?: string; response_type?: string };
        responses.push({ text: body.text ?? '', ephemeral: body.response_type === 'ephemeral' });
        return reply({});
      }
      if (method === 'auth.test') return reply({ user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' });
      if (method === 'apps.connections.open') {
        socket.opened += 1;
        return reply({ url: `ws://127.0.0.1:${(sockets.address() as AddressInfo).port}/` });
      }
      if (method === 'chat.postMessage') {
        const ts = `${++clock}.000100`;
        const thread = form.get('thread_ts');
        messages.push({ channel: form.get('channel') ?? '', ts, text: form.get('text') ?? '', buttons: buttons(), ...(thread ? { thread } : {}) });
        return reply({ ts, channel: form.get('channel') });
      }
      if (method === 'chat.postEphemeral') {
        const thread = form.get('thread_ts');
        messages.push({ channel: form.get('channel') ?? '', ts: `${++clock}.000200`, text: form.get('text') ?? '', buttons: buttons(), ephemeralTo: form.get('user') ?? '', ...(thread ? { thread } : {}) });
        return reply({ message_ts: `${clock}.000200` });
      }
      // Streamed text arrives as markdown_text or as `chunks` (a JSON list of {type: 'markdown_text', text}).
      const streamedText = () => (form.get('markdown_text') ?? '') + (JSON.parse(form.get('chunks') ?? '[]') as Array<{ text?: string }>).map((c) => c.text ?? '').join('');
      if (method.startsWith('chat.') && method.endsWith('Stream') && !state.streaming) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: 'not_allowed' }));
        return;
      }
      if (method === 'chat.startStream') {
        const ts = `${++clock}.000300`;
        messages.push({ channel: form.get('channel') ?? '', ts, text: streamedText(), buttons: [], thread: form.get('thread_ts') ?? '', stream: { appends: 0, stopped: false } });
        return reply({ ts, channel: form.get('channel') });
      }
      if (method === 'chat.appendStream' || method === 'chat.stopStream') {
        const message = messages.find((m) => m.ts === form.get('ts'));
        if (!message?.stream || message.stream.stopped) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok: false, error: 'message_not_in_streaming_state' }));
          return;
        }
        message.text += streamedText();
        if (method === 'chat.appendStream') message.stream.appends += 1;
        else message.stream.stopped = true;
        return reply({ ts: message.ts, channel: message.channel });
      }
      if (method.startsWith('assistant.threads.')) {
        const thread = `${form.get('channel_id') ?? ''}/${form.get('thread_ts') ?? ''}`;
        if (method === 'assistant.threads.setStatus') assistant.statuses.push({ thread, status: form.get('status') ?? '' });
        if (method === 'assistant.threads.setSuggestedPrompts') assistant.prompts.push({ thread, prompts: JSON.parse(form.get('prompts') ?? '[]') as Array<{ title: string; message: string }> });
        if (method === 'assistant.threads.setTitle') assistant.titles.push(form.get('title') ?? '');
        return reply({});
      }
      if (method === 'conversations.replies') return reply({ messages: [], has_more: false });
      if (method === 'chat.update') {
        const message = messages.find((m) => m.ts === form.get('ts'));
        if (message) Object.assign(message, { text: form.get('text') ?? '', buttons: buttons() });
        return reply({ ts: form.get('ts'), channel: form.get('channel') });
      }
      reply({});
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`,
    messages,
    responses,
    views,
    files,
    socket,
    assistant,
    calls,
    timeline,
    get streaming() {
      return state.streaming;
    },
    set streaming(on: boolean) {
      state.streaming = on;
    },
    rateLimit: (method, n) => void limits.set(method, n),
    fail: (method, n, error) => void failures.set(method, { n, error }),
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((done) => sockets.close(() => done()));
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

/** Posts a body to the app as Slack does: signed with the signing secret over the timestamp and the raw body. */
export async function sendSigned(url: string, secret: string, body: string, contentType: string, headers: Record<string, string> = {}, signedAt = Date.now()): Promise<Response> {
  const timestamp = String(Math.floor(signedAt / 1000));
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return fetch(url, { method: 'POST', headers: { 'content-type': contentType, 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signature, ...headers }, body });
}

/** A direct message from a person to the app, as an Events API callback. */
export function directMessage(user: string, text: string, eventId: string, team = 'T1'): string {
  return JSON.stringify({
    token: 'x',
    team_id: team,
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    event: { type: 'message', channel_type: 'im', channel: `D-${user}`, user, text, ts: `${Date.now() / 1000}` },
  });
}

function callback(event: object, eventId: string): string {
  return JSON.stringify({ token: 'x', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: eventId, event_time: Math.floor(Date.now() / 1000), event });
}

/** A message in a channel mentioning the app (Slack sends it as app_mention), in a thread or starting one. */
export function mention(user: string, channel: string, text: string, eventId: string, thread?: string): string {
  return callback({ type: 'app_mention', user, channel, text: `<@UBOT> ${text}`, ts: `${Date.now() / 1000}`, ...(thread ? { thread_ts: thread } : {}) }, eventId);
}

/** A plain message in a channel's thread. */
export function threadReply(user: string, channel: string, text: string, eventId: string, thread: string): string {
  return callback({ type: 'message', channel_type: 'channel', user, channel, text, ts: `${Date.now() / 1000}`, thread_ts: thread }, eventId);
}

/** `/ponder <text>` typed by a user in a channel, as Slack posts a slash command (its response_url on the fake). */
export function slashCommand(user: string, channel: string, text: string, apiUrl: string): string {
  return new URLSearchParams({
    token: 'x',
    team_id: 'T1',
    channel_id: channel,
    user_id: user,
    command: '/ponder',
    text,
    api_app_id: 'A1',
    trigger_id: `trigger-${Date.now()}-${Math.random()}`,
    response_url: new URL('/respond', apiUrl).toString(),
  }).toString();
}

/** The learner opening the app's Home tab. */
export function homeOpened(user: string, eventId: string): string {
  return callback({ type: 'app_home_opened', user, channel: `D-${user}`, tab: 'home', event_ts: `${Date.now() / 1000}` }, eventId);
}

/** A Home-tab button pressed (after Slack's own confirmation dialog, when it has one). */
export function homeButton(user: string, actionId: string, value?: string): string {
  const payload = { type: 'block_actions', team: { id: 'T1' }, user: { id: user }, api_app_id: 'A1', token: 'x', trigger_id: 't', container: { type: 'view', view_id: 'V1' }, view: { id: 'V1', type: 'home' }, actions: [{ type: 'button', action_id: actionId, block_id: 'ponder-home', action_ts: `${Date.now() / 1000}`, text: { type: 'plain_text', text: 'x' }, ...(value ? { value } : {}) }] };
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/**
 * A button pressed under one of the app's messages, as an interactivity payload. Slack sends no copy of an
 * ephemeral message with its button: only where it was, and a response_url (on the fake: pass its apiUrl).
 */
export function buttonPress(user: string, message: SlackMessage, button: { value: string; actionId: string }, apiUrl?: string): string {
  const thread = message.thread ? { thread_ts: message.thread } : {};
  const where = message.ephemeralTo
    ? { container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: true, ...thread }, response_url: new URL('/respond', apiUrl ?? 'http://127.0.0.1/api/').toString() }
    : { container: { type: 'message', message_ts: message.ts, channel_id: message.channel }, message: { ts: message.ts, text: message.text, type: 'message', ...thread } };
  const payload = {
    type: 'block_actions',
    team: { id: 'T1' },
    user: { id: user },
    api_app_id: 'A1',
    token: 'x',
    trigger_id: 't',
    channel: { id: message.channel },
    ...where,
    actions: [{ type: 'button', action_id: button.actionId, block_id: 'ponder-choices', value: button.value, action_ts: `${Date.now() / 1000}`, text: { type: 'plain_text', text: 'x' } }],
  };
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** The learner opening a new thread in the app's assistant view (Slack's AI-app split view). */
export function assistantThreadStarted(user: string, thread: string, eventId: string): string {
  return callback({ type: 'assistant_thread_started', assistant_thread: { user_id: user, context: {}, channel_id: `D-${user}`, thread_ts: thread }, event_ts: `${Date.now() / 1000}` }, eventId);
}

/** A message the learner writes in an assistant-view thread (a direct message in a thread). */
export function assistantMessage(user: string, text: string, thread: string, eventId: string): string {
  return callback({ type: 'message', channel_type: 'im', channel: `D-${user}`, user, text, ts: `${Date.now() / 1000}`, thread_ts: thread }, eventId);
}

/** A message event that is not a person's new message: the app's own, another bot's, an edit or a join. */
export function notAPersonsMessage(kind: 'own' | 'bot' | 'edit' | 'join', user: string, eventId: string): string {
  const base = { type: 'message', channel_type: 'im', channel: `D-${user}`, ts: `${Date.now() / 1000}` };
  const event = {
    own: { ...base, user: 'UBOT', bot_id: 'BBOT', text: 'start mini' },
    bot: { ...base, subtype: 'bot_message', bot_id: 'BOTHER', username: 'another bot', text: 'start mini' },
    edit: { ...base, subtype: 'message_changed', message: { type: 'message', user, text: 'start mini', ts: '1.1' }, previous_message: { type: 'message', user, text: 'strat mini', ts: '1.1' } },
    join: { ...base, channel_type: 'channel', channel: 'C1', subtype: 'channel_join', user, text: `<@${user}> has joined the channel` },
  }[kind];
  return callback(event, eventId);
}
