// The web server's settings: environment variables over an optional JSON config file (PONDER_CONFIG),
// validated at start-up with messages that name the variable or the file, the field and the fix.
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { isProxyEntry, NO_PROXY, parseTrustProxy, type TrustProxy } from './client-address.ts';

const origin = z.string().regex(/^https?:\/\/[^/\s]+$/, 'an origin is scheme://host[:port], e.g. https://school.example, with no path');

const siteSchema = z.strictObject({
  secret: z.string().min(16, 'a site secret needs at least 16 characters').optional(),
  origins: z.array(origin).default([]),
  /** The packs this site offers (pack ids); a page may offer fewer with data-packs. */
  packs: z.array(z.string().regex(/^[\w-]{1,64}$/, 'pack ids are letters, digits, dashes and underscores')).min(1).optional(),
});

const fileSchema = z.strictObject({
  port: z.number().int().min(0).max(65535).optional(),
  host: z.string().optional(),
  publicUrl: z.url({ protocol: /^https?$/, error: 'the public URL is http(s)://host[:port][/path], e.g. https://tutor.school.example' }).optional(),
  origins: z.array(origin).optional(),
  sites: z.record(z.string().regex(/^[a-z0-9-]{1,40}$/, 'site ids are lower-case letters, digits and dashes'), siteSchema).optional(),
  trustProxy: z.union([z.number().int().min(0).max(32), z.array(z.string().refine(isProxyEntry, 'each proxy is an IP address or a CIDR network, e.g. 10.0.0.0/8'))]).optional(),
  turnsPerMinute: z.number().int().positive().optional(),
  requestsPerMinute: z.number().int().positive().optional(),
  newLearnersPerHour: z.number().int().positive().optional(),
});

export interface SiteConfig {
  secret?: string;
  /** Origins allowed for this site only. */
  origins: string[];
  /** The packs this site offers; every pack when absent. */
  packs?: string[];
}

export interface WebConfig {
  port: number;
  host: string;
  /** The origin the server is reached at from outside (PONDER_PUBLIC_URL), allowed for every site like localhost. */
  publicOrigin?: string;
  /** Origins allowed for every site (PONDER_ORIGINS without a site). */
  origins: string[];
  sites: Record<string, SiteConfig>;
  /** Which proxies' X-Forwarded-For is believed (PONDER_TRUST_PROXY). */
  trustProxy: TrustProxy;
  turnsPerMinute: number;
  /** Every API request from one address, learners behind one school NAT together. */
  requestsPerMinute: number;
  /** Anonymous learners never seen before, from one address. */
  newLearnersPerHour: number;
  sessionTtlMs: number;
  maxBodyBytes: number;
}

/**
 * Defaults sized for a school of 1,000 learners behind one address: a learner at full speed sends a turn
 * every 10-20 s and a few other calls, about 6 requests a minute, and on the first day every learner may
 * start fresh on two devices within the hour. One client rotating anonymous ids still gets no more than
 * these, and cannot fill the session table with learners of its own making.
 */
const DEFAULT_REQUESTS_PER_MINUTE = 6_000;
const DEFAULT_NEW_LEARNERS_PER_HOUR = 2_000;

export class WebConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

const list = (value: string | undefined) => (value ?? '').split(',').map((v) => v.trim()).filter(Boolean);

/** A site's settings, if the site is configured: never a property every object has, like "constructor". */
export function findSite(config: Pick<WebConfig, 'sites'>, site: string): SiteConfig | undefined {
  return Object.hasOwn(config.sites, site) ? config.sites[site] : undefined;
}

/** Settings given on the command line, which win over the environment and are named as options in errors. */
export interface WebConfigOptions {
  port?: string;
}

export function readWebConfig(env: Record<string, string | undefined> = process.env, options: WebConfigOptions = {}): WebConfig {
  const problems: string[] = [];
  let file: z.infer<typeof fileSchema> = {};
  const path = env.PONDER_CONFIG;
  if (path) {
    if (!existsSync(path)) problems.push(`  PONDER_CONFIG=${path}: no such file. Fix: point it at a JSON config file, or unset it`);
    else {
      try {
        const parsed = fileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
        if (parsed.success) file = parsed.data;
        else for (const i of parsed.error.issues) problems.push(`  ${path}: ${i.path.join('.') || '(top level)'}: ${i.message}. Fix: see .env.example and README.md (Configuration)`);
      } catch (error) {
        problems.push(`  ${path}: not valid JSON (${(error as Error).message}). Fix: check commas and quotes`);
      }
    }
  }
  const portText = options.port ?? env.PORT;
  const port = portText !== undefined ? Number(portText) : file.port ?? 3000;
  if (portText !== undefined && (portText.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535)) {
    problems.push(
      options.port !== undefined
        ? `  option --port ${JSON.stringify(options.port)}: not a port. Fix: a whole number from 0 to 65535, e.g. --port 3000`
        : `  environment variable PORT=${JSON.stringify(env.PORT)}: not a port. Fix: a whole number from 0 to 65535, e.g. 3000`,
    );
  }

  let publicOrigin = file.publicUrl !== undefined ? new URL(file.publicUrl).origin : undefined;
  if (env.PONDER_PUBLIC_URL !== undefined && env.PONDER_PUBLIC_URL.trim() !== '') {
    const url = URL.canParse(env.PONDER_PUBLIC_URL) ? new URL(env.PONDER_PUBLIC_URL) : undefined;
    if (url && /^https?:$/.test(url.protocol)) publicOrigin = url.origin;
    else problems.push(`  PONDER_PUBLIC_URL=${JSON.stringify(env.PONDER_PUBLIC_URL)}: not an http(s) URL. Fix: the address learners reach the server at, e.g. https://tutor.school.example`);
  }

  // Null-prototype, so that no site id can name a property every object has.
  const sites: WebConfig['sites'] = Object.assign(Object.create(null) as WebConfig['sites'], { demo: { origins: [] } }, file.sites ?? {});
  // PONDER_ORIGINS: "https://a.example" is allowed for every site, "school=https://b.example" for site school only.
  const origins: string[] = env.PONDER_ORIGINS !== undefined ? [] : [...(file.origins ?? [])];
  for (const entry of list(env.PONDER_ORIGINS)) {
    const at = entry.indexOf('=');
    const site = at < 0 ? undefined : entry.slice(0, at).trim();
    const value = at < 0 ? entry : entry.slice(at + 1).trim();
    if (!origin.safeParse(value).success) {
      problems.push(`  PONDER_ORIGINS: "${value}" is not an origin. Fix: scheme://host[:port], comma-separated, e.g. https://school.example or school=https://school.example`);
    } else if (site === undefined) origins.push(value);
    else if (!/^[a-z0-9-]{1,40}$/.test(site)) problems.push(`  PONDER_ORIGINS: "${site}" is not a site id. Fix: site=origin with a site of lower-case letters, digits and dashes`);
    else sites[site] = { ...findSite({ sites }, site), origins: [...(findSite({ sites }, site)?.origins ?? []), value] };
  }
  // PONDER_SITE_SECRETS="demo=...,school=..." sets or overrides site secrets from the environment.
  for (const pair of list(env.PONDER_SITE_SECRETS)) {
    const [site, secret] = pair.split('=');
    if (!site || !secret || secret.length < 16) {
      problems.push(`  PONDER_SITE_SECRETS: "${site ?? pair}" needs a secret of at least 16 characters. Fix: site=secret pairs, comma-separated`);
      continue;
    }
    if (!/^[a-z0-9-]{1,40}$/.test(site)) {
      problems.push(`  PONDER_SITE_SECRETS: "${site}" is not a site id. Fix: site=secret pairs with sites of lower-case letters, digits and dashes`);
      continue;
    }
    sites[site] = { origins: findSite({ sites }, site)?.origins ?? [], secret };
  }

  let trustProxy: TrustProxy = NO_PROXY;
  if (env.PONDER_TRUST_PROXY !== undefined) {
    const parsed = parseTrustProxy(env.PONDER_TRUST_PROXY);
    if (parsed) trustProxy = parsed;
    else problems.push(`  PONDER_TRUST_PROXY=${JSON.stringify(env.PONDER_TRUST_PROXY)}: neither a number of proxies nor a list of their addresses. Fix: e.g. 1 (one reverse proxy), or 10.0.0.5,10.1.0.0/16`);
  } else if (typeof file.trustProxy === 'number') trustProxy = { hops: file.trustProxy };
  else if (file.trustProxy) trustProxy = { proxies: file.trustProxy };

  const count = (name: string, fromFile: number | undefined, fallback: number): number => {
    const text = env[name];
    if (text === undefined || text.trim() === '') return fromFile ?? fallback;
    const value = Number(text);
    if (Number.isInteger(value) && value > 0) return value;
    problems.push(`  ${name}=${JSON.stringify(text)}: not a positive whole number. Fix: e.g. ${fallback}, or unset it for the default`);
    return fallback;
  };
  const turnsPerMinute = count('PONDER_TURNS_PER_MINUTE', file.turnsPerMinute, 30);
  const requestsPerMinute = count('PONDER_REQUESTS_PER_MINUTE', file.requestsPerMinute, DEFAULT_REQUESTS_PER_MINUTE);
  const newLearnersPerHour = count('PONDER_NEW_LEARNERS_PER_HOUR', file.newLearnersPerHour, DEFAULT_NEW_LEARNERS_PER_HOUR);

  if (problems.length > 0) throw new WebConfigError(`The web configuration is invalid:\n${problems.join('\n')}`);
  return {
    port,
    host: env.HOST ?? file.host ?? '0.0.0.0',
    ...(publicOrigin ? { publicOrigin } : {}),
    origins,
    sites,
    trustProxy,
    turnsPerMinute,
    requestsPerMinute,
    newLearnersPerHour,
    sessionTtlMs: 12 * 3600_000,
    maxBodyBytes: 16 * 1024,
  };
}
