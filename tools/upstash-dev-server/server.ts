import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { err, ok, type Result } from "../../shared/result.js";
import type { DevServerBackend } from "./backend.js";
import { readBody, sendJson } from "./http-io.js";
import { isLoopbackHost, urlHost } from "./loopback.js";
import { parseCommand, parseCommandList, parseJson, refusedCommand, type RedisCommand } from "./protocol.js";
import { encodeOutcome, failed, type CommandOutcome } from "./reply.js";

/** Largest request body accepted by default (Upstash's own default request limit is 1 MB). */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** How to run the dev server. It owns `backend` and closes it on `close()`. */
export interface UpstashDevServerOptions {
  backend: DevServerBackend;
  /** Bearer token clients must present. */
  token: string;
  /** Loopback interface to listen on (default 127.0.0.1); anything else is refused. */
  host?: string;
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  maxBodyBytes?: number;
}

/** A listening dev server. */
export interface RunningUpstashDevServer {
  /** Base URL for `UPSTASH_REDIS_REST_URL`, e.g. http://127.0.0.1:8079 */
  url: string;
  token: string;
  backend: DevServerBackend["kind"];
  /** Stops listening, drops open connections and closes the backend. */
  close(): Promise<void>;
}

/** Why the dev server did not start. */
export interface DevServerStartFailure {
  code: "non_loopback_host" | "listen_failed";
  message: string;
}

/**
 * Starts the Upstash-REST-compatible dev server (development tooling, not a production service): `POST /` runs one
 * command, `POST /pipeline` a list, `POST /multi-exec` a MULTI/EXEC transaction; `Authorization: Bearer <token>`;
 * `Upstash-Encoding: base64` answers strings in base64. Listens on loopback only.
 */
export async function startUpstashDevServer(
  options: UpstashDevServerOptions,
): Promise<Result<RunningUpstashDevServer, DevServerStartFailure>> {
  const host = options.host ?? "127.0.0.1";
  if (!isLoopbackHost(host)) {
    return err({
      code: "non_loopback_host",
      message: `refusing to listen on ${host}: the dev server binds loopback only (127.0.0.1, ::1, localhost)`,
    });
  }
  if (options.token.length === 0) return err({ code: "listen_failed", message: "the token must not be empty" });
  const handle = createHandler(options.backend, options.token, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent)
        sendJson(response, 500, { error: `ERR dev server failure: ${(error as Error).message}` });
      else response.destroy();
    });
  });
  const listening = await new Promise<Result<AddressInfo, DevServerStartFailure>>((resolve) => {
    server.once("error", (error) =>
      resolve(
        err({ code: "listen_failed", message: `cannot listen on ${host}:${options.port ?? 0}: ${error.message}` }),
      ),
    );
    server.listen(options.port ?? 0, host, () => resolve(ok(server.address() as AddressInfo)));
  });
  if (!listening.ok) return listening;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }).then(() => options.backend.close());
  if (!isLoopbackHost(listening.value.address)) {
    await close();
    return err({
      code: "non_loopback_host",
      message: `${host} resolved to ${listening.value.address}, which is not loopback: refusing`,
    });
  }
  return ok({
    url: `http://${urlHost(listening.value.address)}:${listening.value.port}`,
    token: options.token,
    backend: options.backend.kind,
    close,
  });
}

const ROUTES = new Set(["/", "/pipeline", "/multi-exec"]);

function createHandler(backend: DevServerBackend, token: string, maxBodyBytes: number) {
  const expected = digest(`Bearer ${token}`);
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (!timingSafeEqual(digest(request.headers.authorization ?? ""), expected)) {
      request.resume();
      return sendJson(response, 401, { error: "Unauthorized: missing or wrong bearer token" });
    }
    const path = new URL(request.url ?? "/", "http://dev.invalid").pathname;
    if (!ROUTES.has(path)) {
      request.resume();
      return sendJson(response, 404, { error: `ERR unknown path ${path}: use POST /, /pipeline or /multi-exec` });
    }
    if (request.method !== "POST") {
      request.resume();
      return sendJson(response, 405, { error: `ERR ${request.method} is not allowed: use POST` }, { Allow: "POST" });
    }
    const body = await readBody(request, maxBodyBytes);
    if (!body.ok) {
      if (body.reason === "aborted") return void response.destroy();
      return sendJson(
        response,
        413,
        { error: `ERR request body larger than ${maxBodyBytes} bytes` },
        { Connection: "close" },
      );
    }
    const json = parseJson(body.text);
    if (!json.ok) return sendJson(response, 400, { error: json.error.message });
    const base64 = String(request.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";

    if (path === "/") {
      const command = parseCommand(json.value);
      if (!command.ok) return sendJson(response, 400, { error: command.error.message });
      const refused = refusedCommand(command.value[0]);
      const outcome = refused ? failed(refused) : await backend.run(command.value);
      return sendJson(response, outcome.ok ? 200 : 400, encodeOutcome(outcome, base64));
    }
    const commands = parseCommandList(json.value);
    if (!commands.ok) return sendJson(response, 400, { error: commands.error.message });
    if (path === "/pipeline") {
      const outcomes = await runPipeline(backend, commands.value);
      return sendJson(
        response,
        200,
        outcomes.map((outcome) => encodeOutcome(outcome, base64)),
      );
    }
    const refused = commands.value.map(([name]) => refusedCommand(name)).find((reason) => reason !== null);
    if (refused)
      return sendJson(response, 400, {
        error: `EXECABORT Transaction discarded because of previous errors: ${refused}`,
      });
    const outcomes = await backend.transaction(commands.value);
    if (!outcomes.ok) return sendJson(response, 400, { error: outcomes.error.message });
    return sendJson(
      response,
      200,
      outcomes.value.map((outcome) => encodeOutcome(outcome, base64)),
    );
  };
}

/** Runs the allowed commands as one backend pipeline and slots refusals in at their positions. */
async function runPipeline(backend: DevServerBackend, commands: readonly RedisCommand[]): Promise<CommandOutcome[]> {
  const refusals = commands.map(([name]) => refusedCommand(name));
  const allowed = commands.filter((_command, index) => refusals[index] === null);
  const results = allowed.length > 0 ? await backend.pipeline(allowed) : [];
  let next = 0;
  return refusals.map((refusal) => (refusal === null ? results[next++]! : failed(refusal)));
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}
