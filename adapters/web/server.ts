// createWebAdapter: the tutor on the web. Serves the API, the widget and the demo page on Node's HTTP server.
import { serve, type ServerType } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { Classroom, Logger, Tutor } from '../../src/index.ts';
import { createWebApp } from './app.ts';
import type { WebConfig } from './config.ts';
import { ownOrigins } from './origins.ts';
import { buildWidget } from './widget/build.ts';

export interface WebAdapterConfig {
  tutor: Tutor;
  config: WebConfig;
  now?: () => number;
  logger?: Logger;
  /** Serves the staff dashboard (/teach) over these classes. */
  classroom?: Classroom;
}

export interface WebAdapter {
  /** The base address, e.g. http://localhost:3000. */
  url: string;
  widgetGzipBytes: number;
  close(): Promise<void>;
}

/** The server could not listen: the message names the port and the fix, for one line on the terminal. */
export class ListenError extends Error {
  constructor(
    readonly code: 'PORT_IN_USE' | 'PORT_FORBIDDEN',
    message: string,
  ) {
    super(message);
  }
}

function listenError(error: NodeJS.ErrnoException, port: number, host: string): Error {
  const next = port === 0 ? 3000 : port + 1;
  if (error.code === 'EADDRINUSE') {
    return new ListenError('PORT_IN_USE', `Port ${port} on ${host} is already in use (another Ponder, or another program). Fix: stop it, or choose a free port: npx ponder start --port ${next} (or PORT=${next}).`);
  }
  if (error.code === 'EACCES') {
    return new ListenError('PORT_FORBIDDEN', `Port ${port} needs administrator rights on this system. Fix: use a port above 1023, e.g. npx ponder start --port 3000, behind a reverse proxy for port 80 or 443.`);
  }
  return error;
}

/** Literal addresses of this machine: a page at http://<one of them>:<port> is this server's own demo page. */
function interfaceOrigins(host: string, port: number): string[] {
  const wildcard = host === '0.0.0.0' || host === '::';
  const addresses = wildcard ? Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address)) : [host];
  return addresses.map((a) => (a.includes(':') ? `http://[${a}]:${port}` : `http://${a}:${port}`));
}

export async function createWebAdapter({ tutor, config, now, logger, classroom }: WebAdapterConfig): Promise<WebAdapter> {
  const widget = await buildWidget();
  let own: readonly string[] = [];
  const app = createWebApp({
    tutor,
    config,
    widget,
    ...(now ? { now } : {}),
    ...(logger ? { logger } : {}),
    ...(classroom ? { classroom } : {}),
    remoteAddress: (c) => getConnInfo(c).remote.address,
    ownOrigins: () => own,
  });
  // Nagle off on every connection (Node's default, pinned here): a turn still running sends its events as small
  // writes, and none may wait for the client's acknowledgement of the one before.
  const server: ServerType = serve({ fetch: app.fetch, port: config.port, hostname: config.host, serverOptions: { noDelay: true } });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, config.port, config.host)));
  });
  const { port } = server.address() as AddressInfo;
  own = [...new Set([...ownOrigins(port, config.publicOrigin), ...interfaceOrigins(config.host, port)])];
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    widgetGzipBytes: widget.gzipBytes,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
