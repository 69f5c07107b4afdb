// The HTTP API (adapters/web/API.md) on Hono: sessions bound to a learner, turns streamed as Server-Sent
// Events, replayed rather than re-run when a client sends the same turn again, and the widget and demo page.
import { Hono, type Context } from 'hono';
import { etag } from 'hono/etag';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { createRateLimiter, normalizeJoinCode, type Classroom, type Logger, type Tutor } from '../../src/index.ts';
import { jsonBody, limitBody } from './body-limit.ts';
import { createClientAddress } from './client-address.ts';
import { findSite, type WebConfig } from './config.ts';
import { demoPage, DEMO_CSP } from './demo-page.ts';
import { ANONYMOUS_ID, identify, LEARNER_HEADER, provesLearner } from './learners.ts';
import { createOriginPolicy, createRefusalLog, ownOrigins } from './origins.ts';
import { createSessions, type Session, type TurnRecord } from './sessions.ts';
import { streamTurn } from './sse.ts';
import { createTeachRoutes } from './teach/routes.ts';
import { createWidgetAsset } from './widget-asset.ts';
import { readWidgetLanguages } from './widget-languages.ts';

export interface WebAppOptions {
  tutor: Tutor;
  config: WebConfig;
  widget: { code: string };
  now?: () => number;
  /** The address of the socket's peer; X-Forwarded-For is read on top of it as config.trustProxy says. */
  remoteAddress?: (c: Context) => string | undefined;
  /** The origins the server knows itself by (default: localhost on config.port, and config.publicOrigin). */
  ownOrigins?: () => readonly string[];
  logger?: Logger;
  /** Classes and their staff: with it the server also serves the staff dashboard under /teach. */
  classroom?: Classroom;
}

/**
 * The packs a session offers: the page's choice within the site's; the page alone where the site sets none; the
 * site's where the page sets none. Undefined offers every pack.
 */
export function offered(site: readonly string[] | undefined, page: readonly string[] | undefined): readonly string[] | undefined {
  if (!page?.length) return site;
  if (!site) return page;
  const within = page.filter((p) => site.includes(p));
  // A page asking only for packs its site does not offer gets the site's, not nothing.
  return within.length ? within : site;
}

const startSchema = z.strictObject({
  site: z.string().regex(/^[a-z0-9-]{1,40}$/),
  anonymousId: z.string().regex(ANONYMOUS_ID).optional(),
  token: z.string().max(4096).optional(),
  /** The packs the page offers (the widget's data-packs). */
  packs: z.array(z.string().regex(/^[\w-]{1,64}$/)).max(50).optional(),
});

const turnSchema = z.strictObject({
  text: z.string().max(20_000).optional(),
  choice: z.string().max(200).optional(),
  clientTurnId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
});

/** What every answer to a page says besides its origin. */
const CORS_HEADERS = [
  ['Vary', 'Origin'],
  ['Access-Control-Allow-Headers', `content-type, ${LEARNER_HEADER.toLowerCase()}`],
  ['Access-Control-Allow-Methods', 'GET, POST, DELETE, OPTIONS'],
  ['Access-Control-Max-Age', '600'],
  ['Access-Control-Expose-Headers', 'Retry-After'],
] as const;

type ErrorStatus = 400 | 401 | 403 | 404 | 413 | 429 | 500;

function fail(c: Context, status: ErrorStatus, code: string, message: string, extra: Record<string, string> = {}) {
  return c.json({ error: { code, message, ...extra } }, status);
}

const silent: Logger = { info() {}, warn() {}, error() {} };

/** Sign-in links opened per address and minute. */
const SIGN_INS_PER_MINUTE = 60;

export function createWebApp(options: WebAppOptions): Hono {
  const { tutor, config } = options;
  const now = options.now ?? Date.now;
  const logger = options.logger ?? silent;
  const sessions = createSessions(config.sessionTtlMs);
  const perLearner = createRateLimiter(config.turnsPerMinute, 60_000);
  const perAddress = createRateLimiter(config.requestsPerMinute, 60_000);
  const newLearners = createRateLimiter(config.newLearnersPerHour, 3600_000);
  const resolveAddress = createClientAddress(config.trustProxy);
  const remote = options.remoteAddress ?? (() => undefined);
  const address = (c: Context) => resolveAddress(remote(c), c.req.header('x-forwarded-for'));
  const own = options.ownOrigins ?? (() => ownOrigins(config.port, config.publicOrigin));
  const origins = createOriginPolicy(config, own);
  const logRefusal = createRefusalLog(logger);
  const widget = createWidgetAsset(options.widget.code);
  const widgetLanguages = readWidgetLanguages();
  const app = new Hono();

  app.onError((error, c) => {
    if (error instanceof HTTPException) return error.getResponse();
    logger.error({ err: error, path: c.req.path }, 'web request failed');
    return fail(c, 500, 'INTERNAL', 'Something went wrong on the tutor server. Please try again.');
  });

  // CORS: a preflight is answered for any origin, because the browser only asks whether it may send; whether
  // the origin may use a site is decided on the request itself (below, per site), and a refused page can then
  // read why, so that its owner sees the fix rather than an opaque network error.
  app.use('/api/*', async (c, next) => {
    const origin = c.req.header('origin');
    if (origin) {
      c.header('Access-Control-Allow-Origin', origin);
      for (const [name, value] of CORS_HEADERS) c.header(name, value);
    }
    if (c.req.method === 'OPTIONS') return c.body(null, 204);
    await next();
  });

  // Only the API is limited per address: the widget and the demo page are static, and a school's whole NAT
  // shares one address.
  app.use('/api/*', async (c, next) => {
    const wait = perAddress.hit(address(c), now());
    if (wait !== undefined) {
      c.header('Retry-After', String(wait));
      return fail(c, 429, 'RATE_LIMITED', `Too many requests from this address; try again in ${wait} s.`);
    }
    await next();
  });
  const tooLarge = `A request body may be at most ${config.maxBodyBytes} bytes.`;
  app.use('/api/*', limitBody(config.maxBodyBytes, (c) => fail(c, 413, 'TOO_LARGE', tooLarge)));

  /** Refuses a page whose origin may not use the site, and tells the operator how to allow it. */
  function refuseOrigin(c: Context, origin: string, site: string) {
    const shown = origin.slice(0, 200);
    logRefusal(shown, site, now());
    return fail(
      c,
      403,
      'ORIGIN_NOT_ALLOWED',
      `The tutor of site "${site}" is not enabled for pages on ${shown}. Site owner: add ${shown} to PONDER_ORIGINS on the tutor server (or to the site's "origins" in its config file) and restart it.`,
      { origin: shown, site },
    );
  }

  /**
   * The session a request may act in: a live session id, the proof of the learner who opened it, and a page
   * allowed for its site. A wrong proof gets the same 404 as an unknown id, so neither can be probed.
   */
  function sessionOf(c: Context): Session | Response {
    const session = sessions.get(c.req.param('id') ?? '', now());
    if (!session || !provesLearner(session.identity, session.site, findSite(config, session.site), c.req.header(LEARNER_HEADER), Math.floor(now() / 1000))) {
      return fail(c, 404, 'SESSION_NOT_FOUND', `This session does not exist or has expired, or the request lacks the ${LEARNER_HEADER} it was opened with: start a new one.`);
    }
    const origin = c.req.header('origin');
    if (origin !== undefined && !origins.allowed(origin, session.site)) return refuseOrigin(c, origin, session.site);
    return session;
  }

  app.post('/api/session', async (c) => {
    const parsed = startSchema.safeParse(await jsonBody(c));
    if (!parsed.success || (!parsed.data.anonymousId && !parsed.data.token)) {
      return fail(c, 400, 'BAD_REQUEST', 'Send {"site": "...", "anonymousId": "<16-128 of A-Z a-z 0-9 _ ->"} or {"site": "...", "token": "..."}.');
    }
    const { site, anonymousId, token } = parsed.data;
    const siteConfig = findSite(config, site);
    if (!siteConfig) return fail(c, 404, 'SITE_NOT_FOUND', `No site "${site}" is configured.`);
    const origin = c.req.header('origin');
    if (origin !== undefined && !origins.allowed(origin, site)) return refuseOrigin(c, origin, site);
    const who = identify(site, siteConfig, token ? { token } : { anonymousId: anonymousId ?? '' }, Math.floor(now() / 1000));
    if (!who.ok) return fail(c, 401, who.code, who.message);
    const { identity } = who;
    // A site that signs a class into the token: the learner joins it through the tutor, as if they had typed the
    // code, so they are told who will see their work; once per code (the turn's key), whatever sessions follow.
    // The key is the code as the core reads it, and a learner who joined with it before costs one lookup, not a turn.
    if (who.joinCode) {
      const key = `web-token-join:${normalizeJoinCode(who.joinCode)}`;
      if (!(await tutor.answered(identity, key))) await tutor.reply({ identity, text: `join ${who.joinCode}`, key, replay: false });
    }
    const [history, status] = await Promise.all([tutor.history(identity, 40), tutor.status(identity)]);
    // A client that makes up a new anonymous id for every few turns would escape the per-learner limit and
    // fill the session table: learners new to the server are counted per address.
    if (!token && history.length === 0 && !sessions.find(identity, site, now())) {
      const wait = newLearners.hit(address(c), now());
      if (wait !== undefined) {
        c.header('Retry-After', String(wait));
        return fail(c, 429, 'RATE_LIMITED', `Too many new learners from this address; try again in ${wait} s.`);
      }
    }
    const session = sessions.create(identity, site, now(), offered(siteConfig.packs, parsed.data.packs));
    return c.json({ sessionId: session.id, learner: who.name ? { name: who.name } : {}, history, open: status.open, mastery: status.mastery, mastered: status.mastered });
  });

  app.post('/api/session/:id/turns', async (c) => {
    const session = sessionOf(c);
    if (session instanceof Response) return session;
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
          for await (const event of tutor.handle({ identity: session.identity, ...(text !== undefined ? { text } : {}), ...(choice !== undefined ? { choice } : {}), at: now(), key: `web:${clientTurnId}`, ...(session.offers ? { offers: session.offers } : {}) })) {
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
    return streamTurn(c, record);
  });

  app.get('/api/session/:id/progress', async (c) => {
    const session = sessionOf(c);
    if (session instanceof Response) return session;
    return c.json({ packs: await tutor.progress(session.identity) });
  });

  app.get('/api/session/:id/export', async (c) => {
    const session = sessionOf(c);
    if (session instanceof Response) return session;
    const data = (await tutor.exportData(session.identity)) ?? { note: 'nothing stored yet' };
    c.header('Content-Disposition', 'attachment; filename="ponder-my-data.json"');
    return c.json(data);
  });

  app.delete('/api/session/:id', async (c) => {
    const session = sessionOf(c);
    if (session instanceof Response) return session;
    const result = await tutor.forget(session.identity);
    sessions.endAll(session.identity);
    if (result.complete) return c.body(null, 204);
    // The rows are gone; copies wait in the database's log for another reader to let go. Never reported as done.
    return c.json({ erasure: 'pending', message: 'Your data is deleted. Its last copies are still being wiped from the database files and will be gone within minutes.' }, 202);
  });

  app.get('/widget.js', etag(), (c) => widget.serve(c));
  // The widget's words in other interface languages, fetched by a page that asks for one (data-lang).
  app.get('/widget/lang/:file', etag(), (c) => {
    const words = widgetLanguages.get(c.req.param('file'));
    if (!words) return fail(c, 404, 'NOT_FOUND', 'No such language file.');
    c.header('Cache-Control', 'public, max-age=300, stale-while-revalidate=86400');
    // Public words, read by the widget from the host page's origin, with no credentials.
    c.header('Access-Control-Allow-Origin', '*');
    return c.json(words);
  });

  app.get('/', (c) => {
    c.header('Content-Security-Policy', DEMO_CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    return c.html(demoPage());
  });

  if (options.classroom) {
    // Each sign-in link opened is looked up (and used up) in the database: attempts are counted per address, at a
    // pace no school's staff reach together, so that made-up links cannot keep the store busy.
    const signIns = createRateLimiter(SIGN_INS_PER_MINUTE, 60_000);
    app.use('/teach/sign-in', async (c, next) => {
      const wait = signIns.hit(address(c), now());
      if (wait !== undefined) {
        c.header('Retry-After', String(wait));
        return c.text(`Too many sign-in attempts from this address; try again in ${wait} s.`, 429);
      }
      await next();
    });
    app.route('/teach', createTeachRoutes({ classroom: options.classroom, now, ownOrigins: own, logger, siteSecret: (site) => findSite(config, site)?.secret, ...(config.publicOrigin ? { publicOrigin: config.publicOrigin } : {}) }));
  }

  app.get('/healthz', (c) => c.json({ ok: true }));
  app.notFound((c) => c.json({ error: { code: 'NOT_FOUND', message: 'No such page. The API is under /api (see API.md).' } }, 404));
  return app;
}
