import { randomBytes } from "node:crypto";
import { err, type Result } from "../../shared/result.js";
import type { DevServerBackend } from "./backend.js";
import { createMemoryBackend } from "./memory-backend.js";
import { PROJECT_SCRIPTS } from "./project-scripts.js";
import { createRedisBackend, DEFAULT_REDIS_URL } from "./redis-backend.js";
import { startUpstashDevServer, type DevServerStartFailure, type RunningUpstashDevServer } from "./server.js";

/** Which backend to launch the dev server with, and where. */
export interface LaunchOptions {
  backend: "memory" | "redis";
  /** Redis URL for the redis backend (default redis://127.0.0.1:6379). */
  redisUrl?: string;
  host?: string;
  port?: number;
  /** Bearer token; a random one when omitted. */
  token?: string;
  maxBodyBytes?: number;
}

/** Why launching failed: a bad bind, a busy port, or Redis not reachable for the redis backend. */
export type LaunchFailure = DevServerStartFailure | { code: "backend_unavailable"; message: string };

/** A random token good enough for a loopback dev server. */
export function randomDevToken(): string {
  return randomBytes(24).toString("hex");
}

/**
 * Creates the chosen backend (the memory backend knows the project's Lua scripts) and starts the dev server on it;
 * the backend is closed again when the server cannot start.
 */
export async function launchUpstashDevServer(
  options: LaunchOptions,
): Promise<Result<RunningUpstashDevServer, LaunchFailure>> {
  let backend: DevServerBackend;
  if (options.backend === "redis") {
    const created = await createRedisBackend({ url: options.redisUrl ?? DEFAULT_REDIS_URL });
    if (!created.ok) return err(created.error);
    backend = created.value;
  } else {
    backend = createMemoryBackend({ scripts: PROJECT_SCRIPTS });
  }
  const started = await startUpstashDevServer({
    backend,
    token: options.token ?? randomDevToken(),
    host: options.host,
    port: options.port,
    maxBodyBytes: options.maxBodyBytes,
  });
  if (!started.ok) await backend.close();
  return started;
}
