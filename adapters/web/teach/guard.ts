// What protects the staff pages: the session cookie, the response headers, and the two checks every change must
// pass (the session's CSRF token in the form, and a same-origin Origin or Referer when the browser sends one).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { readAtMost } from '../body-limit.ts';

export const SESSION_COOKIE = 'ponder_staff';
/** As long as the core keeps the session (30 days); the cookie never outlives it by much. */
const SESSION_SECONDS = 30 * 86_400;
/** A form of the dashboard is a few hundred bytes; a reason is at most a few hundred characters. */
export const MAX_FORM_BYTES = 16 * 1024;

export const TEACH_CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export function secureHeaders(c: Context): void {
  c.header('Content-Security-Policy', TEACH_CSP);
  c.header('X-Content-Type-Options', 'nosniff');
  // Same-origin, not no-referrer: a browser then sends the Origin of our own forms (no-referrer makes it "null"),
  // and no learner's address leaves for another site.
  c.header('Referrer-Policy', 'same-origin');
  // Learners' records: never kept by a shared computer's cache or a proxy.
  c.header('Cache-Control', 'no-store');
}

/** Behind a proxy that ends TLS the request reaches us as http; the proxy says what the browser used. */
const isHttps = (c: Context) => new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';

export function startSession(c: Context, session: string): void {
  setCookie(c, SESSION_COOKIE, session, { path: '/teach', httpOnly: true, sameSite: 'Strict', secure: isHttps(c), maxAge: SESSION_SECONDS });
}

export function endSession(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/teach', httpOnly: true, sameSite: 'Strict', secure: isHttps(c) });
}

export const sessionCookie = (c: Context): string | undefined => getCookie(c, SESSION_COOKIE);

const digest = (text: string) => createHash('sha256').update(text).digest();

export function csrfMatches(given: string | null | undefined, expected: string): boolean {
  return typeof given === 'string' && given.length > 0 && timingSafeEqual(digest(given), digest(expected));
}

/**
 * Whether a change comes from one of our own pages, as far as the browser tells: Origin when sent, else Referer
 * when sent. Neither is sent by some privacy tools; the CSRF token still has to match then.
 */
export function fromOwnPage(c: Context, ownOrigins: readonly string[]): boolean {
  const own = new Set([new URL(c.req.url).origin, ...ownOrigins]);
  const origin = c.req.header('origin');
  if (origin !== undefined) return own.has(origin);
  const referer = c.req.header('referer');
  if (referer !== undefined) return URL.canParse(referer) && own.has(new URL(referer).origin);
  return true;
}

/** An HTML form's fields, or why not: only url-encoded forms of a sane size are read, and no more of them. */
export async function readForm(c: Context): Promise<URLSearchParams | 'too-large' | 'not-a-form'> {
  const type = c.req.header('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) return 'not-a-form';
  if (Number(c.req.header('content-length') ?? 0) > MAX_FORM_BYTES) return 'too-large';
  const stream = c.req.raw.body;
  if (!stream) return new URLSearchParams();
  // A body without a declared length is counted as it comes and left unread past the limit.
  const body = await readAtMost(stream, MAX_FORM_BYTES);
  return body === undefined ? 'too-large' : new URLSearchParams(body.toString('utf8'));
}
