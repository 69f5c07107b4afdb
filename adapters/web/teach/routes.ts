// /teach: the staff dashboard on the web server, over the core's Classroom. Server-rendered pages and plain form
// posts (post, redirect, get), so that it works without JavaScript. Sign-in by one-time link; every page needs
// the session; every change needs the session's CSRF token and, when the browser sends one, our own origin.
import { Hono, type Context } from 'hono';
import type { Classroom, Logger, Staff } from '../../../src/index.ts';
import { csrfMatches, endSession, fromOwnPage, readForm, secureHeaders, sessionCookie, startSession } from './guard.ts';
import { readOverride } from './forms.ts';
import { verifyStaffToken } from '../tokens.ts';
import type { Html } from './html.ts';
import { auditPage } from './pages/audit.ts';
import { gradesHref, gradesPage } from './pages/grades.ts';
import { classesPage } from './pages/classes.ts';
import { DONE, learnerPage, type Done } from './pages/learner.ts';
import { badForm, changeRefused, notFound, notSignedIn, serverError, signedInContinue, signedOut, signInPreview, signInRefused } from './pages/notices.ts';
import { learnerHref, overviewPage } from './pages/overview.ts';
import { TEACH_CSS } from './style.ts';

export interface TeachOptions {
  classroom: Classroom;
  /** A site's secret, for staff the site signs in with a staff token (see tokens.ts); undefined: none may. */
  siteSecret?: (site: string) => string | undefined;
  now?: () => number;
  /** Origins the server knows itself by besides the request's own (its public URL behind a proxy). */
  ownOrigins?: () => readonly string[];
  /** The server's public origin, the home page of learners' accounts in xAPI statements. */
  publicOrigin?: string;
  logger?: Logger;
}

type TeachEnv = { Variables: { staff: Staff; session: string; form: URLSearchParams } };
type TeachContext = Context<TeachEnv>;

/** A file name from a class name, for downloads: plain letters and digits only. */
function fileStem(name: string): string {
  return (
    name
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'class'
  );
}

/** Programs that fetch a link to show a preview of it (Slack, Discord, Teams, social sites, search engines). */
const LINK_PREVIEWERS = /Slackbot|Discordbot|SkypeUriPreview|facebookexternalhit|Twitterbot|LinkedInBot|WhatsApp\/|TelegramBot|Googlebot|bingbot|Applebot/;

/** A spreadsheet opens UTF-8 CSV with accented names intact only when it starts with a byte-order mark. */
const BOM = '\uFEFF';

export function createTeachRoutes(options: TeachOptions): Hono<TeachEnv> {
  const { classroom } = options;
  const now = options.now ?? Date.now;
  const own = options.ownOrigins ?? (() => []);
  const teach = new Hono<TeachEnv>();
  const send = (c: Context, page: Html, status: 200 | 400 | 401 | 403 | 404 | 413 | 500 = 200) => c.html(page.text, status);

  teach.onError((error, c) => {
    options.logger?.error({ err: error, path: c.req.path }, 'staff page failed');
    secureHeaders(c);
    return send(c, serverError(), 500);
  });

  teach.use('*', async (c, next) => {
    secureHeaders(c);
    await next();
  });

  teach.get('/teach.css', (c) => {
    // Its address changes with its content (TEACH_CSS_PATH), so it may be kept for good.
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    c.header('Content-Type', 'text/css; charset=utf-8');
    return c.body(TEACH_CSS);
  });

  teach.get('/sign-in', async (c) => {
    // A chat or mail program fetching the link for a preview must not use up its one sign-in.
    if (c.req.method === 'HEAD' || LINK_PREVIEWERS.test(c.req.header('user-agent') ?? '')) return send(c, signInPreview());
    const site = c.req.query('site');
    const signed = site !== undefined ? await vouched(site, c.req.query('token') ?? '') : await classroom.signIn(c.req.query('token') ?? '');
    if (!signed) {
      const session = sessionCookie(c);
      return send(c, signInRefused(session !== undefined && (await classroom.staffFor(session)) !== undefined), 403);
    }
    startSession(c, signed.session);
    // A link opened from another site (webmail, chat): the browser would withhold the SameSite=Strict cookie on
    // a redirect that site started, so the dashboard is opened from a page of ours.
    if (c.req.header('sec-fetch-site') === 'cross-site') return send(c, signedInContinue());
    return c.redirect('/teach', 303);
  });

  /** A site that embeds Ponder signs its staff in with a token of its own, the staff role in it. */
  async function vouched(site: string, token: string) {
    const check = verifyStaffToken(token, site, options.siteSecret?.(site), Math.floor(now() / 1000));
    if (!check.ok) {
      options.logger?.warn({ site, reason: check.message }, 'a staff token was refused');
      return undefined;
    }
    return classroom.vouchedSignIn(check.token.email, check.token.class, `site ${site}`).catch(() => undefined);
  }

  teach.get('/signed-out', (c) => send(c, signedOut()));

  // Everything below needs a staff session.
  teach.use('*', async (c, next) => {
    const session = sessionCookie(c);
    const staff = session ? await classroom.staffFor(session) : undefined;
    if (!session || !staff) return send(c, notSignedIn(), 401);
    c.set('staff', staff);
    c.set('session', session);
    await next();
  });

  // Every change: a url-encoded form of ours, with this session's CSRF token.
  teach.use('*', async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const staff = c.get('staff');
    if (!fromOwnPage(c, own())) return send(c, changeRefused(staff), 403);
    const form = await readForm(c);
    if (form === 'too-large') return send(c, badForm('The form was too large.', staff), 413);
    if (form === 'not-a-form' || !csrfMatches(form.get('csrf'), staff.csrf)) return send(c, changeRefused(staff), 403);
    c.set('form', form);
    await next();
  });

  teach.get('/', async (c) => {
    const staff = c.get('staff');
    return send(c, classesPage(staff, await classroom.classesOf(staff.id)));
  });

  teach.post('/sign-out', async (c) => {
    await classroom.signOut(c.get('session'));
    endSession(c);
    return c.redirect('/teach/signed-out', 303);
  });

  teach.get('/classes/:id', async (c) => {
    const staff = c.get('staff');
    const view = await classroom.overview(staff.id, c.req.param('id'));
    return view ? send(c, overviewPage(staff, view, now(), Number(c.req.query('page') ?? 1))) : send(c, notFound(staff), 404);
  });

  teach.get('/classes/:id/audit', async (c) => {
    const staff = c.get('staff');
    const id = c.req.param('id');
    const [entries, cls] = await Promise.all([classroom.audit(staff.id, id), classOf(staff, id)]);
    if (!entries || !cls) return send(c, notFound(staff), 404);
    return send(c, auditPage(staff, cls, entries));
  });

  async function download(c: TeachContext, what: 'grid' | 'attempts'): Promise<Response> {
    const staff = c.get('staff');
    const id = c.req.param('id') ?? '';
    const [cls, text] = await Promise.all([classOf(staff, id), what === 'grid' ? classroom.exportGridCsv(staff.id, id) : classroom.exportAttemptsCsv(staff.id, id)]);
    if (!cls || text === undefined) return send(c, notFound(staff), 404);
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${fileStem(cls.name)}-${what}-${new Date(now()).toISOString().slice(0, 10)}.csv"`);
    return c.body(BOM + text);
  }

  teach.get('/classes/:id/export/grid.csv', (c) => download(c, 'grid'));
  teach.get('/classes/:id/export/attempts.csv', (c) => download(c, 'attempts'));

  teach.get('/classes/:id/export/xapi.json', async (c) => {
    const staff = c.get('staff');
    const id = c.req.param('id');
    const homePage = options.publicOrigin ?? new URL(c.req.url).origin;
    const [cls, statements] = await Promise.all([classOf(staff, id), classroom.exportXapi(staff.id, id, homePage)]);
    if (!cls || !statements) return send(c, notFound(staff), 404);
    c.header('Content-Disposition', `attachment; filename="${fileStem(cls.name)}-xapi-${new Date(now()).toISOString().slice(0, 10)}.json"`);
    return c.json(statements);
  });

  async function classOf(staff: Staff, classId: string) {
    return (await classroom.classesOf(staff.id)).find((k) => k.id === classId);
  }

  async function showLearner(c: TeachContext, extra: { done?: Done; error?: string }, status: 200 | 400 = 200): Promise<Response> {
    const staff = c.get('staff');
    const id = c.req.param('id') ?? '';
    const [cls, record] = await Promise.all([classOf(staff, id), classroom.learner(staff.id, id, c.req.param('learnerId') ?? '')]);
    if (!cls || !record) return send(c, notFound(staff), 404);
    return send(c, learnerPage({ viewer: staff, cls, record, packs: classroom.packs(), now: now(), ...extra }), status);
  }

  teach.post('/classes/:id/solutions', async (c) => {
    const staff = c.get('staff');
    const id = c.req.param('id');
    const form = c.get('form');
    const solutions = form.get('solutions');
    const reason = (form.get('reason') ?? '').trim();
    if (!(await classOf(staff, id))) return send(c, notFound(staff), 404);
    if ((solutions !== 'hidden' && solutions !== 'course') || !reason) return send(c, badForm('Choose whether worked solutions are hidden or shown as the course allows, and give a reason the learners will read.', staff), 400);
    await classroom.setClassSolutions(staff.id, id, solutions, reason);
    return c.redirect(`/teach/classes/${id}`, 303);
  });

  teach.get('/classes/:id/grades', async (c) => {
    const staff = c.get('staff');
    const id = c.req.param('id');
    const [cls, reviews] = await Promise.all([classOf(staff, id), classroom.gradeQueue(staff.id, id)]);
    if (!cls || !reviews) return send(c, notFound(staff), 404);
    return send(c, gradesPage(staff, cls, reviews, c.req.query('done') !== undefined ? 'saved' : c.req.query('gone') !== undefined ? 'gone' : undefined));
  });

  teach.post('/classes/:id/grades/:reviewId', async (c) => {
    const staff = c.get('staff');
    const { id, reviewId } = c.req.param();
    const form = c.get('form');
    const verdict = form.get('verdict');
    const reason = (form.get('reason') ?? '').trim();
    const number = Number(reviewId);
    if (!(await classOf(staff, id)) || !Number.isSafeInteger(number)) return send(c, notFound(staff), 404);
    if ((verdict !== 'correct' && verdict !== 'partial' && verdict !== 'incorrect') || !reason) return send(c, badForm('Choose a grade and give a reason the learner will read.', staff), 400);
    // Another teacher may have graded it first: then this grade was not saved, and the page says so.
    const saved = await classroom.resolveGrade(staff.id, id, number, verdict, reason);
    return c.redirect(`${gradesHref(id)}?${saved ? 'done' : 'gone'}`, 303);
  });

  teach.get('/classes/:id/learners/:learnerId', (c) => {
    const done = c.req.query('done');
    return showLearner(c, done !== undefined && Object.hasOwn(DONE, done) ? { done: done as Done } : {});
  });

  teach.post('/classes/:id/learners/:learnerId/overrides', async (c) => {
    const staff = c.get('staff');
    const { id, learnerId } = c.req.param();
    const read = readOverride(c.get('form'));
    if (!read.ok) return showLearner(c, { error: read.error }, 400);
    try {
      const made = await classroom.override(staff.id, id, learnerId, read.change, read.reason);
      if (!made) return send(c, notFound(staff), 404);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      // The core refuses a reason-less change or one the curriculum does not have, in words meant for staff.
      if (code === 'OVERRIDE_REASON' || code === 'OVERRIDE_INVALID') return showLearner(c, { error: (error as Error).message }, 400);
      throw error;
    }
    return c.redirect(`${learnerHref(id, learnerId)}?done=override`, 303);
  });

  teach.post('/classes/:id/learners/:learnerId/overrides/:overrideId/revert', async (c) => {
    const staff = c.get('staff');
    const { id, learnerId, overrideId } = c.req.param();
    const number = Number(overrideId);
    if (!(await classOf(staff, id)) || !Number.isSafeInteger(number)) return send(c, notFound(staff), 404);
    const undone = await classroom.revert(staff.id, id, number, (c.get('form').get('reason') ?? '').trim());
    return c.redirect(`${learnerHref(id, learnerId)}?done=${undone ? 'revert' : 'not-reverted'}`, 303);
  });

  teach.all('*', (c) => {
    // "/teach/" and the like, as people type them.
    if (c.req.method === 'GET' && /.\/$/.test(c.req.path)) return c.redirect(c.req.path.replace(/\/+$/, ''), 301);
    return send(c, notFound(c.get('staff')), 404);
  });
  return teach;
}
