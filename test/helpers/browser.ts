// Debian's Chromium for the browser tests, started as this machine allows (no sandbox as root, and nothing that
// reaches for the network on its own: the machine's closed network refuses it).
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

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
