import { existsSync } from "node:fs";

/** Where Debian's chromium lives, or CHROMIUM_PATH when set. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
}

/** Null when a Chromium binary is present, else why not. */
export function chromiumMissingReason(): string | null {
  const path = chromiumPath();
  return existsSync(path) ? null : `no Chromium at ${path} (apt-get install chromium, or set CHROMIUM_PATH)`;
}

/** Launch flags for a root, offline, headless Chromium (no sandbox, no background network chatter). */
export const CHROMIUM_ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];
