// Which address a request comes from, for per-address limits. X-Forwarded-For is written by whoever sends the
// request, so it is believed only as far as the proxies the operator trusts (PONDER_TRUST_PROXY): otherwise a
// client could pick a fresh address for every request, or put its neighbour's address over its own.
import { BlockList, isIP } from 'node:net';

/** No proxy, a number of proxy hops in front of the server, or the proxies' own addresses and networks. */
export type TrustProxy = { hops: number } | { proxies: string[] };

export const NO_PROXY: TrustProxy = { hops: 0 };

/** Parses PONDER_TRUST_PROXY: a hop count (`1`) or comma-separated IPs and CIDRs. Undefined when malformed. */
export function parseTrustProxy(value: string): TrustProxy | undefined {
  const text = value.trim();
  if (text === '') return NO_PROXY;
  if (/^\d+$/.test(text)) return { hops: Number(text) };
  const proxies = text.split(',').map((p) => p.trim());
  return proxies.every(isProxyEntry) ? { proxies } : undefined;
}

/** An IP address or a CIDR network (`10.0.0.0/8`, `fd00::/8`). */
export function isProxyEntry(entry: string): boolean {
  const [ip = '', prefix, extra] = entry.split('/');
  const family = isIP(ip);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** "::ffff:10.0.0.1" and "10.0.0.1" are one client. */
const normalize = (address: string) => address.trim().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');

function trustedBy(proxies: string[]): (address: string) => boolean {
  const list = new BlockList();
  for (const entry of proxies) {
    const [ip = '', prefix] = entry.split('/');
    const type = isIP(ip) === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(ip, type);
    else list.addSubnet(ip, Number(prefix), type);
  }
  return (address) => {
    const family = isIP(address);
    return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
  };
}

/**
 * Resolves the client's address from the socket's peer and X-Forwarded-For, walking back from the nearest hop
 * only through trusted proxies (the same rule as Express's "trust proxy").
 */
export function createClientAddress(trust: TrustProxy): (remote: string | undefined, forwardedFor: string | undefined) => string {
  // How many hops back from the peer the client is, given the chain nearest first.
  const depth: (chain: string[]) => number =
    'proxies' in trust
      ? (() => {
          const trusted = trustedBy(trust.proxies);
          return (chain) => {
            let i = 0;
            while (i + 1 < chain.length && trusted(chain[i] as string)) i++;
            return i;
          };
        })()
      : (chain) => Math.min(trust.hops, chain.length - 1);
  return (remote, forwardedFor) => {
    const peer = normalize(remote ?? 'unknown');
    if ('hops' in trust && trust.hops === 0) return peer;
    // Nearest first: the peer, then each address a proxy appended, right to left.
    const chain = [peer, ...(forwardedFor ?? '').split(',').map(normalize).filter(Boolean).reverse()];
    return (chain[depth(chain)] as string).slice(0, 64);
  };
}
