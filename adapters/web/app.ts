// The HTTP API (adapters/web/API.md) on Hono: sessions bound to a learner, turns streamed as Server-Sent
// Events, replayed rather than re-run when a client sends the same turn again, and the widget and demo page.
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { Tutor, TutorEvent } from '../../src/index.ts';
import type { WebConfig } from './config.ts';
import { demoPage, DEMO_CSP } from './demo-page.ts';
import { createRateLimiter } from './rate-limit.ts';
import { createSessions, type Session, type TurnFailure, type TurnRecord } from './sessions.ts';
import { verifyLearnerToken } from './tokens.ts';

export interface WebAppOptions {
  tutor: Tutor;
  config: WebConfig;
  widget: { code: string };
  now?: () => number;
  /** The address of the calling client, for per-address limits. */
  clientAddress?: (c: Context) => string;
}

const startSchema = z.strictObject({
  site: z.string().regex(/^[a-z0-9-]{1,40}$/),
  anonymousId: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/).optional(),
  token: z.string().max(4096).optional(),
});

const turnSchema = z.strictObject({
  text: z.string().max(20_000).optional(),
  choice: z.string().max(200).optional(),
  clientTurnId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
});

function fail(c: Context, status: 400 | 401 | 403 | 404 | 413 | 429, code: string, message: string) {
  return c.json({ error: { code, message } }, status);
}

export function createWebApp(options: WebAppOptions): Hono {
  const { tutor, config, widget } = options;
  const now = options.now ?? Date.now;
  const sessions = createSessions(config.sessionTtlMs);
  const perLearner = createRateLimiter(config.turnsPerMinute, 60_000);
  const perAddress = createRateLimiter(config.requestsPerMinute, 60_000);
  const address = options.clientAddress ?? ((c: Context) => c.req.header('x-forwarded-for')?.split(',')[0]?.trim() ?? 'local');
  const app = new Hono();

  const allowedOrigin = (origin: string, site: string | undefined, self: string) =>
    origin === self || config.origins.includes(origin) || (site !== undefined && (config.sites[site]?.origins ?? []).includes(origin));

  app.use('*', async (c, next) => {
    const wait = perAddress.hit(address(c), now());
    if (wait !== undefined) {
      c.header('Retry-After', String(wait));
      return fail(c, 429, 'RATE_LIMITED', `Too many requests from this address; try again in ${wait} s.`);
    }
    await next();
  });

  // Cross-origin calls only from allowed origins; the page the server itself serves is always allowed.
  app.use('/api/*', async (c, next) => {
    const origin = c.req.header('origin');
    const self = new URL(c.req.url).origin;
    if (origin && !allowedOrigin(origin, undefined, self) && !Object.values(config.sites).some((s) => s.origins.includes(origin))) {
      return fail(c, 403, 'ORIGIN_NOT_ALLOWED', `Requests from ${origin} are not allowed. Add it to PONDER_ORIGINS or the site's origins.`);
    }
    if (origin) {
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Vary', 'Origin');
      c.header('Access-Control-Allow-Headers', 'content-type');
      c.header('Access-Control-Allow-Methods', 'GET, POST, DELETE, OPTIONS');
      c.header('Access-Control-Max-Age', '600');
      c.header('Access-Control-Expose-Headers', 'Retry-After');
    }
    if (c.req.method === 'OPTIONS') return c.body(null, 204);
    await next();
  });
  app.use('/api/*', bodyLimit({ maxSize: config.maxBodyBytes, onError: (c) => fail(c, 413, 'TOO_LARGE', `A request body may be at most ${config.maxBodyBytes} bytes.`) }));

  async function jsonBody(c: Context): Promise<unknown> {
    try {
      return await c.req.json();
    } catch {
      return undefined;
    }
  }

  function sessionOf(c: Context): Session | undefined {
    return sessions.get(c.req.param('id') ?? '', now());
  }

  app.post('/api/session', async (c) => {
    const parsed = startSchema.safeParse(await jsonBody(c));
    if (!parsed.success || (!parsed.data.anonymousId && !parsed.data.token)) {
      return fail(c, 400, 'BAD_REQUEST', 'Send {"site": "...", "anonymousId": "<16-128 of A-Z a-z 0-9 _ ->"} or {"site": "...", "token": "..."}.');
    }
    const { site, anonymousId, token } = parsed.data;
    if (!config.sites[site]) return fail(c, 404, 'SITE_NOT_FOUND', `No site "${site}" is configured.`);
    const origin = c.req.header('origin');
    if (origin && !allowedOrigin(origin, site, new URL(c.req.url).origin)) {
      return fail(c, 403, 'ORIGIN_NOT_ALLOWED', `Requests from ${origin} are not allowed for site "${site}".`);
    }
    let identity: string;
    let name: string | undefined;
    if (token) {
      const check = verifyLearnerToken(token, site, config.sites[site]?.secret, Math.floor(now() / 1000));
      if (!check.ok) return fail(c, 401, check.code, check.message);
      identity = `web:${site}/user:${check.token.sub}`;
      name = check.token.name;
    } else {
      identity = `web:${site}/anon:${anonymousId}`;
    }
    const session = sessions.create(identity, site, now());
    const [history, status] = await Promise.all([tutor.history(identity, 40), tutor.status(identity)]);
    return c.json({ sessionId: session.id, learner: name ? { name } : {}, history, open: status.open, mastery: status.mastery, mastered: status.mastered });
  });

  app.post('/api/session/:id/turns', async (c) => {
    const session = sessionOf(c);
    if (!session) return fail(c, 404, 'SESSION_NOT_FOUND', 'This session does not exist or has expired: start a new one.');
    const parsed = turnSchema.safeParse(await jsonBody(c));
    if (!parsed.success || (parsed.data.text === undefined && parsed.data.choice === undefined)) {
      return fail(c, 400, 'BAD_REQUEST', 'Send {"text": "..."} or {"choice": "..."} with a "clientTurnId" of 8-64 of A-Z a-z 0-9 _ -.');
    }
    const { text, choice, clientTurnId } = parsed.data;
    let record = session.turns.get(clientTurnId);
    if (!record) {
      const wait = perLearner.hit(session.identity, now());
      if (wait !== undefined) {
        c.header('Retry-After', String(wait));
        return fail(c, 429, 'RATE_LIMITED', `That is a lot of messages at once; try again in ${wait} s.`);
      }
      const fresh: TurnRecord = { events: [], done: false, listeners: new Set() };
      record = fresh;
      sessions.remember(session, clientTurnId, fresh);
      // The turn runs to the end whatever happens to this connection; a resent turn reads the same record.
      void (async () => {
        try {
          for await (const event of tutor.handle({ identity: session.identity, ...(text !== undefined ? { text } : {}), ...(choice !== undefined ? { choice } : {}), at: now(), key: `web:${clientTurnId}` })) {
            fresh.events.push(event);
            for (const wake of fresh.listeners) wake();
          }
        } catch (error) {
          const failure = error as { code?: unknown; retryable?: unknown; message?: unknown };
          if (failure.retryable === true && typeof failure.code === 'string') {
            // Nothing was stored: the client may send the same turn again, and then it runs afresh.
            fresh.events.push({ type: 'error', code: failure.code, message: String(failure.message ?? ''), retryable: true });
            sessions.drop(session, clientTurnId, fresh);
          } else {
            // The tutor has logged it; the learner gets a plain message, never the error's own text.
            fresh.events.push({ type: 'reply', reply: { text: 'Sorry, something went wrong on my side. Please try again.', why: 'the tutor could not finish this turn', move: 'input-note' } });
          }
        } finally {
          fresh.done = true;
          for (const wake of fresh.listeners) wake();
          if (fresh.events.some((e) => e.type === 'reply' && e.reply.move === 'forgotten')) sessions.endAll(session.identity);
        }
      })();
    }
    const turn = record;
    return streamSSE(c, async (stream) => {
      let sent = 0;
      // A comment line now and then keeps proxies from cutting a stream that waits on a slow model.
      const ping = setInterval(() => void stream.write(': ping\n\n'), 15_000);
      stream.onAbort(() => clearInterval(ping));
      const send = async (event: TutorEvent | TurnFailure) => {
        const data =
          event.type === 'delta'
            ? { text: event.text }
            : event.type === 'reply'
              ? event.reply
              : event.type === 'error'
                ? { code: event.code, message: event.message, retryable: event.retryable }
                : { open: event.open, mastery: event.mastery, mastered: event.mastered, ...(event.level !== undefined ? { level: event.level } : {}), ...(event.verdict ? { verdict: event.verdict } : {}) };
        await stream.writeSSE({ event: event.type, data: JSON.stringify(data) });
      };
      for (;;) {
        while (sent < turn.events.length) await send(turn.events[sent++] as TutorEvent | TurnFailure);
        if (turn.done) break;
        await new Promise<void>((resolve) => {
          const wake = () => {
            turn.listeners.delete(wake);
            resolve();
          };
          turn.listeners.add(wake);
          stream.onAbort(wake);
        });
        if (stream.aborted) {
          clearInterval(ping);
          return;
        }
      }
      if (!turn.events.some((e) => e.type === 'end' || e.type === 'error')) await stream.writeSSE({ event: 'end', data: JSON.stringify({ open: null, mastery: {}, mastered: [] }) });
      clearInterval(ping);
    });
  });

  app.get('/api/session/:id/progress', async (c) => {
    const session = sessionOf(c);
    if (!session) return fail(c, 404, 'SESSION_NOT_FOUND', 'This session does not exist or has expired: start a new one.');
    return c.json({ packs: await tutor.progress(session.identity) });
  });

  app.get('/api/session/:id/export', async (c) => {
    const session = sessionOf(c);
    if (!session) return fail(c, 404, 'SESSION_NOT_FOUND', 'This session does not exist or has expired: start a new one.');
    const data = (await tutor.exportData(session.identity)) ?? { note: 'nothing stored yet' };
    c.header('Content-Disposition', 'attachment; filename="ponder-my-data.json"');
    return c.json(data);
  });

  app.delete('/api/session/:id', async (c) => {
    const session = sessionOf(c);
    if (!session) return fail(c, 404, 'SESSION_NOT_FOUND', 'This session does not exist or has expired: start a new one.');
    const result = await tutor.forget(session.identity);
    sessions.endAll(session.identity);
    if (result.complete) return c.body(null, 204);
    // The rows are gone; copies wait in the database's log for another reader to let go. Never reported as done.
    return c.json({ erasure: 'pending', message: 'Your data is deleted. Its last copies are still being wiped from the database files and will be gone within minutes.' }, 202);
  });

  app.get('/widget.js', (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=300');
    c.header('Access-Control-Allow-Origin', '*');
    return c.body(widget.code);
  });

  app.get('/', (c) => {
    c.header('Content-Security-Policy', DEMO_CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    return c.html(demoPage());
  });

  app.get('/healthz', (c) => c.json({ ok: true }));
  app.notFound((c) => c.json({ error: { code: 'NOT_FOUND', message: 'No such page. The API is under /api (see API.md).' } }, 404));
  return app;
}
