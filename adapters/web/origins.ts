// Which page origins may use which site. An origin is allowed for the sites it is configured for (plus the
// origins configured for every site), and the server's own pages for every site. "Own" means an origin the
// server knows itself by: localhost and loopback addresses on its port, or its configured public URL. An
// Origin that merely equals the Host header proves nothing: a DNS-rebinding page on evil.example that
// resolves to this server sends Origin and Host both "evil.example".
import type { Logger } from '../../src/index.ts';
import { findSite, type WebConfig } from './config.ts';

export interface OriginPolicy {
  /** Whether a page of this origin may use this site. */
  allowed(origin: string, site: string): boolean;
}

/** The origins a server on this port knows itself by, on this machine and at its public URL. */
export function ownOrigins(port: number, publicOrigin?: string): string[] {
  const suffix = port === 80 ? '' : `:${port}`;
  return [`http://localhost${suffix}`, `http://127.0.0.1${suffix}`, `http://[::1]${suffix}`, ...(publicOrigin ? [publicOrigin] : [])];
}

/** Browsers send origins lower-cased and without a default port; a configured one is read the same way. */
const canonical = (origin: string) => (URL.canParse(origin) ? new URL(origin).origin : origin);

export function createOriginPolicy(config: Pick<WebConfig, 'origins' | 'sites'>, own: () => readonly string[]): OriginPolicy {
  const everySite = new Set(config.origins.map(canonical));
  const perSite = new Map(Object.keys(config.sites).map((site) => [site, new Set((findSite(config, site)?.origins ?? []).map(canonical))]));
  return {
    allowed(origin, site) {
      return everySite.has(origin) || perSite.get(site)?.has(origin) === true || own().includes(origin);
    },
  };
}

/**
 * Tells the operator, in the server's log, about a page that was refused: the person who can fix it reads the
 * log, not the learner's screen. Once per origin and site every few minutes, so a busy page does not flood it,
 * and at most `perWindow` origins in that time, so a client inventing origins cannot flood it either.
 */
export function createRefusalLog(logger: Logger, everyMs = 5 * 60_000, perWindow = 50) {
  const last = new Map<string, number>();
  let windowStart = Number.NEGATIVE_INFINITY;
  let logged = 0;
  return (origin: string, site: string, now: number): void => {
    const key = `${site}\u0000${origin}`;
    const at = last.get(key);
    if (at !== undefined && now - at < everyMs) return;
    if (now - windowStart >= everyMs) {
      windowStart = now;
      logged = 0;
      // Entries older than a window no longer hold anything back.
      for (const [k, t] of last) if (now - t >= everyMs) last.delete(k);
    }
    if (logged >= perWindow) return;
    logged++;
    last.set(key, now);
    logger.warn(
      { origin, site },
      `A page on ${origin} tried to use site "${site}" and was refused. Fix: if that page is yours, add it to PONDER_ORIGINS (e.g. PONDER_ORIGINS=${site}=${origin}, or ${origin} for every site) and restart.`,
    );
    if (logged === perWindow) logger.warn({ refused: logged }, `${logged} pages were refused in a few minutes; more are not logged for ${Math.round(everyMs / 60_000)} minutes.`);
  };
}
