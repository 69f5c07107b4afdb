// Debian's Chromium for the browser tests, started as this machine allows (no sandbox as root, and nothing that
// reaches for the network on its own: the machine's closed network refuses it).
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { readWebConfig } from '../../adapters/web/config.ts';
import { createWebAdapter, type WebAdapter } from '../../adapters/web/server.ts';
import { openPonder, type Ponder, type PonderOptions } from '../../src/app.ts';
import { tempDb } from './session.ts';

export const CHROMIUM = process.env.PONDER_CHROMIUM ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(existsSync);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    ...(CHROMIUM ? { executablePath: CHROMIUM } : {}),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Says, once per file, that its browser tests are skipped and how to run them. */
export function warnWithoutChromium(what: string): void {
  if (!CHROMIUM) console.warn(`No Chromium found (install Debian's "chromium" package, or set PONDER_CHROMIUM): ${what} are skipped. CI always installs it.`);
}

/** The tutor on its own temporary database, served on 127.0.0.1 as `ponder start` serves it, and Chromium to open it. */
export interface BrowserServer {
  browser: Browser;
  ponder: Ponder;
  web: WebAdapter;
  dbPath: string;
  close(): Promise<void>;
}

export async function openBrowserServer(options: Omit<PonderOptions, 'dbPath'>): Promise<BrowserServer> {
  const db = tempDb();
  const ponder = openPonder({ ...options, dbPath: db.dbPath });
  const web = await createWebAdapter({ tutor: ponder.tutor, classroom: ponder.classroom, config: { ...readWebConfig({}), port: 0, host: '127.0.0.1' } });
  const browser = await launchChromium();
  return {
    browser,
    ponder,
    web,
    dbPath: db.dbPath,
    async close() {
      await browser.close();
      await web.close();
      await ponder.close();
      db.cleanup();
    },
  };
}
