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

  it('sizes the limits for a school behind one address, and reads them from the environment or the file', () => {
    const defaults = readWebConfig({});
    expect(defaults).toMatchObject({ turnsPerMinute: 30, requestsPerMinute: 6000, newLearnersPerHour: 2000, trustProxy: { hops: 0 } });
    const dir = mkdtempSync(join(tmpdir(), 'ponder-config-'));
    const file = join(dir, 'ponder.config.json');
    writeFileSync(file, JSON.stringify({ requestsPerMinute: 100, newLearnersPerHour: 50, trustProxy: ['10.0.0.0/8'], publicUrl: 'https://tutor.school.example/ponder/' }));
    expect(readWebConfig({ PONDER_CONFIG: file })).toMatchObject({ requestsPerMinute: 100, newLearnersPerHour: 50, trustProxy: { proxies: ['10.0.0.0/8'] }, publicOrigin: 'https://tutor.school.example' });
    const env = readWebConfig({ PONDER_CONFIG: file, PONDER_REQUESTS_PER_MINUTE: '9000', PONDER_NEW_LEARNERS_PER_HOUR: '3000', PONDER_TURNS_PER_MINUTE: '10', PONDER_TRUST_PROXY: '2' });
    expect(env).toMatchObject({ requestsPerMinute: 9000, newLearnersPerHour: 3000, turnsPerMinute: 10, trustProxy: { hops: 2 } });
  });

  it('maps PONDER_ORIGINS: a bare origin to every site, site=origin to that site', () => {
    const config = readWebConfig({ PONDER_ORIGINS: 'https://all.example, school=https://school.example' });
    expect(config.origins).toEqual(['https://all.example']);
    expect(config.sites.school?.origins).toEqual(['https://school.example']);
    expect(config.sites.demo?.origins).toEqual([]);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT="eighty": not a port\. Fix: a whole number/],
    [{ PONDER_TRUST_PROXY: 'yes' }, /PONDER_TRUST_PROXY="yes": neither a number of proxies nor a list of their addresses\. Fix: e\.g\. 1/],
    [{ PONDER_REQUESTS_PER_MINUTE: 'lots' }, /PONDER_REQUESTS_PER_MINUTE="lots": not a positive whole number\. Fix:/],
    [{ PONDER_PUBLIC_URL: 'tutor.school.example' }, /PONDER_PUBLIC_URL="tutor\.school\.example": not an http\(s\) URL\. Fix:/],
    [{ PONDER_ORIGINS: 'My School=https://school.example' }, /PONDER_ORIGINS: "My School" is not a site id\. Fix:/],
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
