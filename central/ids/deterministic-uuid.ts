import { createHash } from "node:crypto";

/** A UUID (version 8, RFC 9562 custom) derived from the SHA-256 of a name: the same name always gives the same id. */
export function deterministicUuid(name: string): string {
  const hex = createHash("sha256").update(name, "utf8").digest("hex").slice(0, 32).split("");
  hex[12] = "8";
  hex[16] = ((Number.parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  const s = hex.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}
