import { parseArgs, type ParseArgsConfig } from "node:util";
import { EXIT_CODES, type CommandIo } from "./cli-command.js";

/** A command's parsed arguments: `--help`, the arguments to run with, or a usage problem. */
export type ParsedArgs<A extends { help: false }> =
  { ok: true; value: { help: true } | A } | { ok: false; message: string };

/**
 * Settles what a command does before it runs: a usage problem is printed with the usage (exit 2), `--help` prints the
 * usage (exit 0); otherwise the arguments to run with.
 */
export function argsOrExit<A extends { help: false }>(
  name: string,
  parsed: ParsedArgs<A>,
  usage: string,
  io: CommandIo,
): { ok: true; args: A } | { ok: false; exitCode: number } {
  if (!parsed.ok) {
    io.stderr(`frontdesk ${name}: ${parsed.message}\n\n${usage}`);
    return { ok: false, exitCode: EXIT_CODES.usage };
  }
  if (parsed.value.help) {
    io.stdout(usage);
    return { ok: false, exitCode: EXIT_CODES.ok };
  }
  return { ok: true, args: parsed.value };
}

/** `node:util` parseArgs with a usage problem (unknown flag, missing value, …) as a value instead of a throw. */
export function tryParseArgs<T extends ParseArgsConfig>(
  config: T,
): { ok: true; value: ReturnType<typeof parseArgs<T>> } | { ok: false; message: string } {
  try {
    return { ok: true, value: parseArgs(config) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** What an admin command says when it has no token to reach central with. */
export const NO_ADMIN_TOKEN = "no admin token: pass --token or set FRONTDESK_TOKEN (or ADMIN_TOKEN)";

/** Central's URL when neither --url nor FRONTDESK_URL says: loopback on CENTRAL_PORT (default 8788). */
export function defaultCentralUrl(env: CommandIo["env"]): string {
  return `http://127.0.0.1:${env.CENTRAL_PORT ?? "8788"}`;
}

/**
 * Where an admin command reaches central: --url / --token, else FRONTDESK_URL / FRONTDESK_TOKEN (or ADMIN_TOKEN); an
 * empty token is none.
 */
export function adminConnection(
  flags: { url?: string | undefined; token?: string | undefined },
  env: CommandIo["env"],
): { url: string; token: string | undefined } {
  const token = flags.token ?? env.FRONTDESK_TOKEN ?? env.ADMIN_TOKEN;
  return { url: flags.url ?? env.FRONTDESK_URL ?? defaultCentralUrl(env), token: token ? token : undefined };
}
