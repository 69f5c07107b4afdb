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

export function signLearnerToken(token: LearnerToken, secret: string): string {
  const payload = b64(JSON.stringify(token));
  return `${payload}.${b64(mac(secret, payload))}`;
}

export function verifyLearnerToken(raw: string, site: string, secret: string | undefined, nowSeconds: number): TokenCheck {
  const invalid = (message: string): TokenCheck => ({ ok: false, code: 'TOKEN_INVALID', message });
  if (!secret) return invalid(`site "${site}" has no secret configured, so it cannot sign learner tokens`);
  const [payload, signature, extra] = raw.split('.');
  if (!payload || !signature || extra !== undefined) return invalid('the learner token is not in the form payload.signature');
  // Node's base64url decoder skips characters outside the alphabet ("!!", "==", spaces) and ignores spare
  // trailing bits, so many strings decode to the same bytes: only the one canonical encoding is accepted.
  const expected = Buffer.from(b64(mac(secret, payload)));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return invalid('the learner token\'s signature does not match this site\'s secret');
  let token: unknown;
  try {
    token = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return invalid('the learner token\'s payload is not JSON');
  }
  const t = token as Partial<LearnerToken>;
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
