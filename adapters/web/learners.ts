// Who a request speaks for. A session is opened with a learner proof (an anonymous id, or a token signed by the
// host site), and every later request in the session presents the same proof in X-Ponder-Learner: a session id
// seen in a log, a screenshot or a shared link is not enough to read or delete a learner's data.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { SiteConfig } from './config.ts';
import { verifyLearnerToken, type TokenCheck } from './tokens.ts';

export const LEARNER_HEADER = 'X-Ponder-Learner';

export const ANONYMOUS_ID = /^[A-Za-z0-9_-]{16,128}$/;

export type Identified = { ok: true; identity: string; name?: string; joinCode?: string } | Extract<TokenCheck, { ok: false }>;

/** The identity a proof stands for on a site: `web:<site>/user:<sub>` for a token, `web:<site>/anon:<id>` otherwise. */
export function identify(site: string, siteConfig: SiteConfig | undefined, proof: { token?: string; anonymousId?: string }, nowSeconds: number): Identified {
  if (proof.token !== undefined) {
    const check = verifyLearnerToken(proof.token, site, siteConfig?.secret, nowSeconds);
    if (!check.ok) return check;
    return { ok: true, identity: `web:${site}/user:${check.token.sub}`, ...(check.token.name ? { name: check.token.name } : {}), ...(check.token.class ? { joinCode: check.token.class } : {}) };
  }
  return { ok: true, identity: `web:${site}/anon:${proof.anonymousId ?? ''}` };
}

/** A header value is a token when it has the token's dot, an anonymous id otherwise. */
export function proofFromHeader(value: string | undefined): { token: string } | { anonymousId: string } | undefined {
  if (value === undefined) return undefined;
  if (value.includes('.')) return value.length <= 4096 ? { token: value } : undefined;
  return ANONYMOUS_ID.test(value) ? { anonymousId: value } : undefined;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Whether a request's proof is the session's learner. An expired token no longer is: the client then gets the
 * same answer as for an ended session, starts again, and is told its sign-in expired.
 */
export function provesLearner(sessionIdentity: string, site: string, siteConfig: SiteConfig | undefined, header: string | undefined, nowSeconds: number): boolean {
  const proof = proofFromHeader(header);
  if (!proof) return false;
  const who = identify(site, siteConfig, proof, nowSeconds);
  // Anonymous ids are secrets: compared in constant time, as hashes of equal length.
  return who.ok && timingSafeEqual(digest(who.identity), digest(sessionIdentity));
}
