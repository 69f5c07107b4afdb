// The staff dashboard over the real core and a SQLite file, called in process: learners talk to the tutor as on
// any channel, staff sign in with their link and use the pages as a browser would (cookie, forms, Origin).
import { openPonder, type Ponder } from '../../src/app.ts';
import { createWebApp } from '../../adapters/web/app.ts';
import { readWebConfig } from '../../adapters/web/config.ts';
import { MINI, tempDb } from '../helpers/session.ts';

export const BASE = 'http://localhost';

export interface StaffBrowser {
  cookie: string;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  /** A form post as the browser sends it from one of our pages: the page's CSRF token unless `fields.csrf` is given. */
  post(path: string, fields: Record<string, string>, headers?: Record<string, string>): Promise<Response>;
  /** The CSRF token in the forms of a page of ours. */
  csrf(): Promise<string>;
}

export const csrfOf = (page: string): string => /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';

/** The site `school` signs its staff in with this secret (see test/web/staff-token.test.ts). */
export const SCHOOL_SECRET = 'the-school-site-secret-0123';

export function openTeach(curriculumDir = MINI) {
  const db = tempDb();
  const clock = { now: Date.UTC(2026, 0, 5, 9) };
  const ponder: Ponder = openPonder({ curriculumDir, dbPath: db.dbPath, now: () => clock.now });
  const app = createWebApp({ tutor: ponder.tutor, classroom: ponder.classroom, config: readWebConfig({ PONDER_SITE_SECRETS: `school=${SCHOOL_SECRET}` }), widget: { code: '' }, now: () => clock.now });
  const request = async (path: string, init: RequestInit = {}): Promise<Response> => app.request(path.startsWith('http') ? path : `${BASE}${path}`, init);

  /** A learner on a channel: each message 20 s after the last, unless told otherwise. */
  const learner = (identity: string) => ({
    identity,
    async say(text: string, thinkMs = 20_000) {
      clock.now += thinkMs;
      return ponder.tutor.reply({ identity, text });
    },
    async press(choice: string) {
      clock.now += 20_000;
      return ponder.tutor.reply({ identity, choice });
    },
  });

  const browserWith = (cookie: string): StaffBrowser => {
    const self: StaffBrowser = {
      cookie,
      get: (path, headers = {}) => request(path, { headers: { cookie, ...headers } }),
      async post(path, fields, headers = {}) {
        const csrf = fields.csrf ?? (await self.csrf());
        return request(path, {
          method: 'POST',
          headers: { cookie, origin: BASE, 'content-type': 'application/x-www-form-urlencoded', ...headers },
          body: new URLSearchParams({ ...fields, csrf }).toString(),
        });
      },
      async csrf() {
        return csrfOf(await (await self.get('/teach')).text());
      },
    };
    return self;
  };

  /** A staff member added to a class (created if new), signed in through their link. */
  async function staff(email: string, className: string) {
    const link = await ponder.classroom.addStaff(email, className);
    const res = await request(`/teach/sign-in?token=${encodeURIComponent(link.token)}`);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const cls = await ponder.classroom.findClass(className);
    if (!cls) throw new Error(`no class ${className}`);
    return { ...browserWith(cookie), staffId: link.staffId, cls, token: link.token };
  }

  return {
    app,
    ponder,
    clock,
    request,
    learner,
    staff,
    browserWith,
    async close() {
      await ponder.close();
      db.cleanup();
    },
  };
}

export type Teach = ReturnType<typeof openTeach>;
