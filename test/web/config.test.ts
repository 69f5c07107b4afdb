import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readWebConfig } from '../../adapters/web/config.ts';

describe('web configuration', () => {
  it('has working defaults', () => {
    const config = readWebConfig({});
    expect(config.port).toBe(3000);
    expect(Object.keys(config.sites)).toEqual(['demo']);
  });

  it('reads a config file, with the environment winning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ponder-config-'));
    const file = join(dir, 'ponder.config.json');
    writeFileSync(file, JSON.stringify({ port: 4000, origins: ['https://a.example'], sites: { school: { secret: 'sixteen-chars-or-more', origins: ['https://school.example'] } } }));
    const config = readWebConfig({ PONDER_CONFIG: file, PORT: '5000' });
    expect(config.port).toBe(5000);
    expect(config.origins).toEqual(['https://a.example']);
    expect(config.sites.school?.secret).toBe('sixteen-chars-or-more');
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT="eighty": not a port\. Fix: a whole number/],
    [{ PONDER_ORIGINS: 'school.example/path' }, /PONDER_ORIGINS: "school.example\/path" is not an origin\. Fix:/],
    [{ PONDER_SITE_SECRETS: 'demo=short' }, /PONDER_SITE_SECRETS: "demo" needs a secret of at least 16 characters/],
    [{ PONDER_CONFIG: '/nonexistent/ponder.json' }, /PONDER_CONFIG=\/nonexistent\/ponder.json: no such file\. Fix:/],
  ])('refuses %j naming the variable and the fix', (env, message) => {
    expect(() => readWebConfig(env)).toThrow(message);
  });

  it('names the file and the field of a bad config file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ponder-config-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ sites: { School: {} }, prot: 1 }));
    expect(() => readWebConfig({ PONDER_CONFIG: file })).toThrow(/bad\.json: .*Fix:/);
  });
});
