// /widget.js is sent compressed (brotli or gzip, as the browser accepts), cacheable by browsers and CDNs, and
// revalidated with a 304 rather than downloaded again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { openPonder, type Ponder } from '../../src/app.ts';
import { readWebConfig } from '../../adapters/web/config.ts';
import { createWebAdapter, type WebAdapter } from '../../adapters/web/server.ts';
import { buildWidget } from '../../adapters/web/widget/build.ts';
import { MINI, tempDb } from '../helpers/session.ts';
import { closeWebs, openWeb } from './harness.ts';

let code = '';
beforeAll(async () => {
  code = (await buildWidget()).code;
});
afterAll(closeWebs);

const get = (app: ReturnType<typeof openWeb>['app'], headers: Record<string, string>) => app.request('http://localhost/widget.js', { headers });
const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer());

describe('/widget.js', () => {
  it('is sent with brotli to a browser that takes it, at less than half its size, and decompresses to the widget', async () => {
    const { app } = openWeb({ widget: code });
    const res = await get(app, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    const body = await bytes(res);
    expect(body.length).toBeLessThan(Buffer.byteLength(code) / 2);
    expect(brotliDecompressSync(body).toString('utf8')).toBe(code);
  });

  it('is sent with gzip to a client that takes only gzip, and plain to one that takes neither', async () => {
    const { app } = openWeb({ widget: code });
    const gzip = await get(app, { 'accept-encoding': 'gzip' });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(await bytes(gzip)).toString('utf8')).toBe(code);
    const refusedBrotli = await get(app, { 'accept-encoding': 'br;q=0, gzip;q=0.5' });
    expect(refusedBrotli.headers.get('content-encoding')).toBe('gzip');
    const plain = await get(app, {});
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(code);
  });

  it('may be cached by browsers and CDNs, per encoding, and is revalidated with a 304', async () => {
    const { app } = openWeb({ widget: code });
    const first = await get(app, { 'accept-encoding': 'br' });
    expect(first.headers.get('cache-control')).toMatch(/\bpublic\b.*\bmax-age=300\b/);
    expect(first.headers.get('vary')).toMatch(/accept-encoding/i);
    const tag = first.headers.get('etag');
    expect(tag).toMatch(/^"[^"]+"$/);
    const again = await get(app, { 'accept-encoding': 'br', 'if-none-match': tag ?? '' });
    expect(again.status).toBe(304);
    expect((await bytes(again)).length).toBe(0);
    expect(again.headers.get('etag')).toBe(tag);
    expect(again.headers.get('cache-control')).toMatch(/max-age=300/);
    // Another encoding is another representation: its own tag, so a cache never serves brotli to a gzip client.
    const gzip = await get(app, { 'accept-encoding': 'gzip', 'if-none-match': tag ?? '' });
    expect(gzip.status).toBe(200);
    expect(gzip.headers.get('etag')).not.toBe(tag);
  });

  it('reaches a client over HTTP as the compressed bytes with their length', async () => {
    const db = tempDb();
    const ponder: Ponder = openPonder({ curriculumDir: MINI, dbPath: db.dbPath });
    const web: WebAdapter = await createWebAdapter({ tutor: ponder.tutor, config: { ...readWebConfig({}), port: 0, host: '127.0.0.1' } });
    try {
      const { headers, body } = await new Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
        const req = request(`${web.url}/widget.js`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        });
        req.on('error', reject);
        req.end();
      });
      expect(headers['content-encoding']).toBe('gzip');
      expect(Number(headers['content-length'])).toBe(body.length);
      expect(gunzipSync(body).toString('utf8')).toBe(code);
      expect(body.length).toBeLessThan(Buffer.byteLength(code) / 2);
    } finally {
      await web.close();
      await ponder.close();
      db.cleanup();
    }
  });
});
