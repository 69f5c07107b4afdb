// Signed learner tokens: a host site that knows its user signs {site, sub, exp} with its secret (HMAC-SHA256),
// so the learner keeps one profile across devices. Forged and expired tokens are refused.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface LearnerToken {
  site: string;
  sub: string;
  /** Expiry, epoch seconds. */
  exp: number;
  name?: string;
  /** A class's join code: the learner joins it when the session starts, and is told so, with who will see their work. */
  class?: string;
}

export type TokenCheck = { ok: true; token: LearnerToken } | { ok: false; code: 'TOKEN_INVALID' | 'TOKEN_EXPIRED'; message: string };

const b64 = (data: Buffer | string) => Buffer.from(data).toString('base64url');
const mac = (secret: string, payload: string) => createHmac('sha256', secret).update(payload).digest();

export function signLearnerToken(token: LearnerToken | StaffToken, secret: string): string {
  const payload = b64(JSON.stringify(token));
  return `${payload}.${b64(mac(secret, payload))}`;
}

/** The JSON a token signed with the site's secret carries, or what is wrong with the token. */
function signedPayload(raw: string, secret: string, kind: string): { ok: true; payload: unknown } | { ok: false; message: string } {
  const [payload, signature, extra] = raw.split('.');
  if (!payload || !signature || extra !== undefined) return { ok: false, message: `the ${kind} token is not in the form payload.signature` };
  // Node's base64url decoder skips characters outside the alphabet ("!!", "==", spaces) and ignores spare
  // trailing bits, so many strings decode to the same bytes: only the one canonical encoding is accepted.
  const expected = Buffer.from(b64(mac(secret, payload)));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, message: `the ${kind} token's signature does not match this site's secret` };
  try {
    return { ok: true, payload: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) };
  } catch {
    return { ok: false, message: `the ${kind} token's payload is not JSON` };
  }
}

export function verifyLearnerToken(raw: string, site: string, secret: string | undefined, nowSeconds: number): TokenCheck {
  const invalid = (message: string): TokenCheck => ({ ok: false, code: 'TOKEN_INVALID', message });
  if (!secret) return invalid(`site "${site}" has no secret configured, so it cannot sign learner tokens`);
  const signed = signedPayload(raw, secret, 'learner');
  if (!signed.ok) return invalid(signed.message);
  const t = signed.payload as Partial<LearnerToken>;
  if (typeof t.sub !== 'string' || !/^[\w.@:-]{1,128}$/.test(t.sub) || typeof t.exp !== 'number' || t.site !== site) {
    return invalid('the learner token needs "site" (this site), "sub" (1-128 of letters, digits, _ . @ : -) and "exp"');
  }
  if (t.exp <= nowSeconds) return { ok: false, code: 'TOKEN_EXPIRED', message: 'the learner token has expired: ask the host site for a new one' };
  if (t.class !== undefined && (typeof t.class !== 'string' || !/^[A-Za-z0-9-]{4,20}$/.test(t.class))) return invalid('the learner token\'s "class" is not a join code (4-20 letters, digits and dashes)');
  return {
    ok: true,
    token: { site: t.site, sub: t.sub, exp: t.exp, ...(typeof t.name === 'string' ? { name: t.name.slice(0, 40) } : {}), ...(t.class ? { class: t.class } : {}) },
  };
}

/** A site's word that someone is staff: signed like a learner token, with the staff role, an e-mail and a class. */
export interface StaffToken {
  site: string;
  role: 'staff';
  email: string;
  exp: number;
  class?: string;
}

export type StaffTokenCheck = { ok: true; token: StaffToken } | { ok: false; message: string };

/** Checks a staff token the way learner tokens are checked (canonical signature, site, expiry). */
export function verifyStaffToken(raw: string, site: string, secret: string | undefined, nowSeconds: number): StaffTokenCheck {
  if (!secret) return { ok: false, message: `site "${site}" has no secret configured, so it cannot sign staff in` };
  const signed = signedPayload(raw, secret, 'staff');
  if (!signed.ok) return signed;
  const token = signed.payload as Partial<StaffToken>;
  if (token.role !== 'staff' || token.site !== site || typeof token.email !== 'string' || token.email.length > 200 || typeof token.exp !== 'number') {
    return { ok: false, message: 'a staff token needs "role": "staff", "site" (this site), "email" and "exp"' };
  }
  if (token.exp <= nowSeconds) return { ok: false, message: 'the token has expired: sign in on the site again' };
  if (token.class !== undefined && (typeof token.class !== 'string' || token.class.length > 80)) return { ok: false, message: 'the token\'s "class" is not a class name' };
  return { ok: true, token: { site, role: 'staff', email: token.email, exp: token.exp, ...(token.class ? { class: token.class } : {}) } };
}

/** A staff token, signed as a site would sign it (for tests and `ponder token --staff`). */
export const signStaffToken = (token: StaffToken, secret: string): string => signLearnerToken(token, secret);
