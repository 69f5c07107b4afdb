// /widget.js on the wire: compressed once at start (brotli and gzip, chosen by Accept-Encoding), with an ETag
// per encoding so that a browser or CDN revalidates with a 304 instead of downloading the script again.
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Context } from 'hono';
import { accepts } from 'hono/accepts';

type Encoding = 'br' | 'gzip' | 'identity';

interface Variant {
  body: Uint8Array<ArrayBuffer>;
  etag: string;
}

/** Short enough for pages to pick up a new version within minutes; the ETag makes each check cheap. */
const CACHE_CONTROL = 'public, max-age=300, stale-while-revalidate=86400';

const PREFERENCE: Encoding[] = ['br', 'gzip'];

/** The client's best-rated encoding we have; brotli on a tie, as it is the smaller. */
function pick(list: ReadonlyArray<{ type: string; q: number }>): Encoding {
  const q = (name: string) => list.find((a) => a.type.toLowerCase() === name)?.q ?? list.find((a) => a.type === '*')?.q ?? 0;
  let best: Encoding = 'identity';
  let bestQ = 0;
  for (const encoding of PREFERENCE) {
    if (q(encoding) > bestQ) {
      best = encoding;
      bestQ = q(encoding);
    }
  }
  return best;
}

export function createWidgetAsset(code: string) {
  const plain = Buffer.from(code, 'utf8');
  const hash = createHash('sha256').update(plain).digest('base64url').slice(0, 16);
  const copy = (bytes: Buffer) => new Uint8Array(bytes);
  const variants: Record<Encoding, Variant> = {
    identity: { body: copy(plain), etag: `"${hash}"` },
    gzip: { body: copy(gzipSync(plain, { level: 9 })), etag: `"${hash}-gz"` },
    br: { body: copy(brotliCompressSync(plain, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: plain.length } })), etag: `"${hash}-br"` },
  };
  return {
    /** Bytes sent for each encoding, for the start-up line. */
    sizes: { identity: variants.identity.body.length, gzip: variants.gzip.body.length, br: variants.br.body.length },
    /** Answers GET /widget.js; put Hono's etag() middleware in front for If-None-Match. */
    serve(c: Context): Response {
      const encoding = accepts(c, { header: 'Accept-Encoding', supports: PREFERENCE, default: 'identity', match: (list) => pick(list) }) as Encoding;
      const variant = variants[encoding];
      c.header('Content-Type', 'text/javascript; charset=utf-8');
      c.header('Cache-Control', CACHE_CONTROL);
      c.header('Vary', 'Accept-Encoding');
      c.header('ETag', variant.etag);
      c.header('X-Content-Type-Options', 'nosniff');
      c.header('Access-Control-Allow-Origin', '*');
      if (encoding !== 'identity') c.header('Content-Encoding', encoding);
      return c.body(variant.body);
    },
  };
}
