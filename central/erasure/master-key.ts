import { randomBytes } from "node:crypto";
import { link, mkdir, readFile, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { err, ok, type Result } from "../../shared/result.js";
import type { DatabaseKind } from "../db/database.js";
import { KEY_BYTES } from "./key-wrapping.js";

/** Name of the generated master key file inside the data folder (PGlite only). */
export const MASTER_KEY_FILE = "master.key";

/** Where the master key came from. */
export type MasterKeySource = "configured" | "file" | "generated";

/** A usable master key and where it came from. */
export interface ResolvedMasterKey {
  key: Buffer;
  source: MasterKeySource;
  /** The key file, when the key lives in one. */
  file: string | null;
}

/** Why no master key could be resolved. */
export interface MasterKeyProblem {
  code: "master_key_required" | "master_key_invalid";
  message: string;
}

/** Inputs of {@link resolveMasterKey}. */
export interface ResolveMasterKeyOptions {
  /** ENCRYPTION_MASTER_KEY (base64 of 32 bytes), or undefined. */
  configured: string | undefined;
  dataDir: string;
  kind: DatabaseKind;
  /** Told once when a key file is generated or has loose permissions. */
  log?: (line: string) => void;
}

/**
 * The master key that wraps customer data keys: ENCRYPTION_MASTER_KEY when set; else, with PGlite only,
 * `<dataDir>/master.key`, generated once (mode 0600, created atomically so concurrent starts agree).
 */
export async function resolveMasterKey(
  options: ResolveMasterKeyOptions,
): Promise<Result<ResolvedMasterKey, MasterKeyProblem>> {
  if (options.configured !== undefined) {
    const key = decodeKey(options.configured);
    if (!key)
      return err({
        code: "master_key_invalid",
        message: "ENCRYPTION_MASTER_KEY must be base64 of exactly 32 bytes (openssl rand -base64 32)",
      });
    return ok({ key, source: "configured", file: null });
  }
  if (options.kind === "postgres") {
    return err({
      code: "master_key_required",
      message:
        "ENCRYPTION_MASTER_KEY is required with PostgreSQL: generate one with openssl rand -base64 32 and keep it safe",
    });
  }
  const file = path.resolve(options.dataDir, MASTER_KEY_FILE);
  const log = options.log ?? (() => {});
  const existing = await readKeyFile(file, log);
  if (existing) return existing;
  await mkdir(path.dirname(file), { recursive: true });
  const candidate = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  await writeFile(candidate, `${randomBytes(KEY_BYTES).toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  let generated = false;
  try {
    await link(candidate, file);
    generated = true;
    log(
      `generated the encryption master key into ${file} (mode 0600): ` +
        "back it up; without it personal fields cannot be read",
    );
  } catch (error) {
    if (!isCode(error, "EEXIST")) throw error;
  } finally {
    await unlink(candidate).catch(() => {});
  }
  const created = await readKeyFile(file, log);
  if (!created) throw new Error(`${file} vanished right after it was created`);
  return created.ok && generated ? ok({ ...created.value, source: "generated" }) : created;
}

async function readKeyFile(
  file: string,
  log: (line: string) => void,
): Promise<Result<ResolvedMasterKey, MasterKeyProblem> | null> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if (isCode(error, "ENOENT")) return null;
    throw error;
  }
  const key = decodeKey(text.trim());
  if (!key) {
    return err({
      code: "master_key_invalid",
      message:
        `${file} does not hold base64 of 32 bytes: ` +
        "restore it from a backup (deleting it makes existing personal fields unreadable)",
    });
  }
  const { mode } = await stat(file);
  if ((mode & 0o077) !== 0)
    log(`warning: ${file} is readable by other users (mode ${(mode & 0o777).toString(8)}); run chmod 600 on it`);
  return ok({ key, source: "file", file });
}

function decodeKey(text: string): Buffer | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return null;
  const key = Buffer.from(text, "base64");
  return key.length === KEY_BYTES ? key : null;
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === code;
}
