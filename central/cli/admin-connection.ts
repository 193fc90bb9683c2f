import { commandFailed, usageProblem } from "../../tools/cli/cli-command.js";
import type { CliIo } from "../../tools/cli/cli-io.js";
import { describeAdminCallFailure, type AdminCallFailure } from "./admin-api-client.js";

/** What an admin command says when it has no token to reach central with. */
export const NO_ADMIN_TOKEN = "no admin token: pass --token or set FRONTDESK_TOKEN (or ADMIN_TOKEN)";

/** Central's URL when neither --url nor FRONTDESK_URL says: loopback on CENTRAL_PORT (default 8788). */
export function defaultCentralUrl(env: CliIo["env"]): string {
  return `http://127.0.0.1:${env.CENTRAL_PORT ?? "8788"}`;
}

/**
 * Where an admin command reaches central: --url / --token, else FRONTDESK_URL / FRONTDESK_TOKEN (or ADMIN_TOKEN); an
 * empty token is none.
 */
export function adminConnection(
  flags: { url?: string | undefined; token?: string | undefined },
  env: CliIo["env"],
): { url: string; token: string | undefined } {
  const token = flags.token ?? env.FRONTDESK_TOKEN ?? env.ADMIN_TOKEN;
  return { url: flags.url ?? env.FRONTDESK_URL ?? defaultCentralUrl(env), token: token ? token : undefined };
}

/**
 * The connection of a command that talks to central's admin API, or — when there is no token — the usage problem
 * saying how to give one (exit 2).
 */
export function adminConnectionOrExit(
  flags: { url?: string | undefined; token?: string | undefined },
  io: CliIo,
  command: string,
  usage: string,
): { ok: true; url: string; token: string } | { ok: false; exitCode: number } {
  const { url, token } = adminConnection(flags, io.env);
  if (!token) return { ok: false, exitCode: usageProblem(io, command, NO_ADMIN_TOKEN, usage) };
  return { ok: true, url, token };
}

/** What to do next after failed calls whose problem alone does not say. */
const NEXT_STEP: Partial<Record<string, string>> = {
  unreachable: "is central running? Pass --url or set FRONTDESK_URL",
  unauthorized: "pass a valid admin token with --token or FRONTDESK_TOKEN",
};

/** Prints a failed admin API call — central's problem, then what to do next when it alone does not say; exit 1. */
export function adminCallFailed(io: CliIo, command: string, failure: AdminCallFailure): number {
  const next = NEXT_STEP[failure.code === "problem" ? failure.problem.code : failure.code];
  return commandFailed(io, command, `${describeAdminCallFailure(failure)}${next ? `\n(${next})` : ""}`);
}

/** The options every admin API command takes (`parseArgs` shapes): tenant, reason, central and token, JSON output. */
export const ADMIN_COMMAND_OPTIONS = {
  tenant: { type: "string" },
  reason: { type: "string" },
  url: { type: "string" },
  token: { type: "string" },
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;
