import { isIP } from "node:net";

/**
 * True for names and addresses that can only mean this machine: localhost, 127.0.0.0/8, ::1 (and their mapped forms).
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  if (bare === "localhost") return true;
  if (isIP(bare) === 4) return bare.startsWith("127.");
  if (isIP(bare) === 6) return bare === "::1" || bare === "0:0:0:0:0:0:0:1" || /^::ffff:127\./.test(bare);
  return false;
}

/** The host part of a URL for an address, bracketing IPv6 (`[::1]`). */
export function urlHost(address: string): string {
  return isIP(address) === 6 ? `[${address}]` : address;
}
