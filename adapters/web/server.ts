// createWebAdapter: the tutor on the web. Serves the API, the widget and the demo page on Node's HTTP server.
import { serve, type ServerType } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AddressInfo } from 'node:net';
import type { Tutor } from '../../src/index.ts';
import { createWebApp } from './app.ts';
import type { WebConfig } from './config.ts';
import { buildWidget } from './widget/build.ts';

export interface WebAdapterConfig {
  tutor: Tutor;
  config: WebConfig;
  now?: () => number;
}

export interface WebAdapter {
  /** The base address, e.g. http://localhost:3000. */
  url: string;
  widgetGzipBytes: number;
  close(): Promise<void>;
}

export async function createWebAdapter({ tutor, config, now }: WebAdapterConfig): Promise<WebAdapter> {
  const widget = await buildWidget();
  const app = createWebApp({
    tutor,
    config,
    widget,
    ...(now ? { now } : {}),
    clientAddress: (c) => getConnInfo(c).remote.address ?? 'unknown',
  });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return {
    url: `http://${host}:${port}`,
    widgetGzipBytes: widget.gzipBytes,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
