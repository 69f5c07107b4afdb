// The web server's settings: environment variables over an optional JSON config file (PONDER_CONFIG),
// validated at start-up with messages that name the variable or the file, the field and the fix.
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';

const origin = z.string().regex(/^https?:\/\/[^/\s]+$/, 'an origin is scheme://host[:port], e.g. https://school.example, with no path');

const siteSchema = z.strictObject({
  secret: z.string().min(16, 'a site secret needs at least 16 characters').optional(),
  origins: z.array(origin).default([]),
});

const fileSchema = z.strictObject({
  port: z.number().int().min(0).max(65535).optional(),
  host: z.string().optional(),
  origins: z.array(origin).optional(),
  sites: z.record(z.string().regex(/^[a-z0-9-]{1,40}$/, 'site ids are lower-case letters, digits and dashes'), siteSchema).optional(),
  turnsPerMinute: z.number().int().positive().optional(),
  requestsPerMinute: z.number().int().positive().optional(),
});

export interface WebConfig {
  port: number;
  host: string;
  /** Origins allowed for every site (the demo page's own origin is always allowed). */
  origins: string[];
  sites: Record<string, { secret?: string; origins: string[] }>;
  turnsPerMinute: number;
  requestsPerMinute: number;
  sessionTtlMs: number;
  maxBodyBytes: number;
}

export class WebConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

const list = (value: string | undefined) => (value ?? '').split(',').map((v) => v.trim()).filter(Boolean);

export function readWebConfig(env: Record<string, string | undefined> = process.env): WebConfig {
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
  const port = env.PORT !== undefined ? Number(env.PORT) : file.port ?? 3000;
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`  environment variable PORT=${JSON.stringify(env.PORT)}: not a port. Fix: a whole number from 0 to 65535, e.g. 3000`);
  const origins = env.PONDER_ORIGINS !== undefined ? list(env.PONDER_ORIGINS) : file.origins ?? [];
  for (const o of origins) if (!origin.safeParse(o).success) problems.push(`  PONDER_ORIGINS: "${o}" is not an origin. Fix: scheme://host[:port], comma-separated, e.g. https://school.example`);
  const sites: WebConfig['sites'] = { demo: { origins: [] }, ...(file.sites ?? {}) };
  // PONDER_SITE_SECRETS="demo=...,school=..." sets or overrides site secrets from the environment.
  for (const pair of list(env.PONDER_SITE_SECRETS)) {
    const [site, secret] = pair.split('=');
    if (!site || !secret || secret.length < 16) {
      problems.push(`  PONDER_SITE_SECRETS: "${site ?? pair}" needs a secret of at least 16 characters. Fix: site=secret pairs, comma-separated`);
      continue;
    }
    sites[site] = { origins: sites[site]?.origins ?? [], secret };
  }
  if (problems.length > 0) throw new WebConfigError(`The web configuration is invalid:\n${problems.join('\n')}`);
  return {
    port,
    host: env.HOST ?? file.host ?? '0.0.0.0',
    origins,
    sites,
    turnsPerMinute: file.turnsPerMinute ?? 30,
    requestsPerMinute: file.requestsPerMinute ?? 300,
    sessionTtlMs: 12 * 3600_000,
    maxBodyBytes: 16 * 1024,
  };
}
