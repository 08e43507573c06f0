/**
 * A real browser for tests: Debian's Chromium driven by playwright-core (no browser download), with the
 * headless flags that work on this closed network, plus the folder screenshots go to.
 * @module
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';

/** Where the Debian package puts Chromium (override with CHROMIUM_PATH). */
export const CHROMIUM_PATH: string = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Launch flags: headless, no sandbox (root in CI), and nothing that phones home. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Test artefacts (screenshots): `test-artifacts/` at the package root (gitignored). */
export const ARTIFACTS_DIR: string = resolve(dirname(fileURLToPath(import.meta.url)), '../../test-artifacts');

/** The artefacts folder, created if needed; returns the path of a file in it. */
export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return join(ARTIFACTS_DIR, name);
}

/** Launches Chromium; fails with the install command when the Debian package is missing. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: install Debian's package as root with ` +
        '`apt-get update && apt-get install -y --no-install-recommends chromium` (scripts/ensure-system-deps.sh does this), or set CHROMIUM_PATH',
    );
  }
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], timeout: 60_000 });
}
