import { userInfo } from "node:os";
import type { ErasureReport } from "../../shared/admin-api.js";
import { idSchema } from "../../shared/ids.js";
import type { CentralConfig } from "../config.js";
import type { ErasureService } from "../erasure/erasure-service.js";
import { commandFailed, EXIT_CODES, type CliCommand } from "../../tools/cli/cli-command.js";
import { argsOrExit, tryParseArgs } from "../../tools/cli/command-args.js";
import { openForCommand } from "./open-for-command.js";

/** An open erasure service over the configured database and cache, and how to close it. */
export interface OpenedErasure {
  erasure: ErasureService;
  /** Lines worth telling the operator (e.g. that the edge cache lives in the server's memory). */
  notes: string[];
  close(): Promise<void>;
}

/** What the erase command needs: a way to open the erasure service from central's configuration. */
export interface EraseCommandDeps {
  openErasure(config: CentralConfig, log: (line: string) => void): Promise<OpenedErasure>;
}

const DEFAULT_REASON = "erasure requested from the command line";

/** The erase command's `--help` text. */
export const ERASE_USAGE = [
  "Usage: frontdesk erase --tenant <tenantId> --customer <customerId> [--reason <text>] [--requested-by <id>] [--json]",
  "",
  "Erases one customer's personal data without rewriting the append-only log (crypto-shredding): records",
  "customer.erased in customer:<tenant>:<customer>, destroys the customer's data key, rebuilds the customer's",
  "projections and removes their edge summary cache entry. The events stay (types, ids, counts, decisions, amounts",
  "remain for audit); their personal fields (name, email, phone, message text, reasons) can no longer be read.",
  'Running it again is safe: it finishes an interrupted erasure, or reports "already erased"; it records nothing new.',
  "With the embedded database (PGlite) only one process can open the data folder: stop central first, or call the",
  "running server's POST /v1/admin/tenants/<tenant>/customers/<customer>/erasure instead.",
  "",
  "Options:",
  "  --tenant <id>          tenant id (required)",
  "  --customer <id>        customer id (required)",
  `  --reason <text>        why, recorded in the log; no personal data (default: "${DEFAULT_REASON}")`,
  "  --requested-by <id>    who asked, recorded as the actor (default: cli:<your user name>)",
  "  --json                 print the report as JSON",
  "  -h, --help             show this help",
  "",
  "Reads central's environment: DATABASE_URL or FRONTDESK_DATA_DIR, ENCRYPTION_MASTER_KEY (or <data dir>/master.key),",
  "UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN.",
  "Exit codes: 0 erased or already erased, 1 failed (nothing half-done is lost: run it again), 2 usage error.",
  "",
].join("\n");

type EraseArgs =
  | { help: true }
  | { help: false; tenantId: string; customerId: string; reason: string; requestedBy: string; json: boolean };

/** Parses `erase` arguments; a usage problem is a value. */
export function parseEraseArgs(argv: string[]): { ok: true; value: EraseArgs } | { ok: false; message: string } {
  const parsed = tryParseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      tenant: { type: "string" },
      customer: { type: "string" },
      reason: { type: "string" },
      "requested-by": { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (!parsed.ok) return parsed;
  const { values } = parsed.value;
  if (values.help) return { ok: true, value: { help: true } };
  const problems: string[] = [];
  for (const [flag, value] of [
    ["--tenant", values.tenant],
    ["--customer", values.customer],
  ] as const) {
    if (value === undefined) problems.push(`${flag} is required`);
    else if (!idSchema.safeParse(value).success)
      problems.push(`${flag} ${JSON.stringify(value)} is not an id (letters, digits and . _ @ + = - only)`);
  }
  const reason = (values.reason ?? DEFAULT_REASON).trim();
  if (reason === "" || reason.length > 500) problems.push("--reason must be 1 to 500 characters");
  const requestedBy = (values["requested-by"] ?? `cli:${safeUserName()}`).trim();
  if (requestedBy === "" || requestedBy.length > 128) problems.push("--requested-by must be 1 to 128 characters");
  if (problems.length > 0) return { ok: false, message: problems.join("; ") };
  return {
    ok: true,
    value: {
      help: false,
      tenantId: values.tenant ?? "",
      customerId: values.customer ?? "",
      reason,
      requestedBy,
      json: values.json,
    },
  };
}

/** Creates `frontdesk erase`. */
export function createEraseCommand(deps: EraseCommandDeps): CliCommand {
  return {
    name: "erase",
    summary: "Erase a customer's personal data (crypto-shredding; the log stays append-only)",
    async run(argv, io) {
      const parsed = argsOrExit("frontdesk erase", parseEraseArgs(argv), ERASE_USAGE, io);
      if (!parsed.ok) return parsed.exitCode;
      const args = parsed.args;
      const open = await openForCommand("erase", io, deps.openErasure);
      if (!open.ok) return open.exitCode;
      const opened = open.value;
      const log = (line: string) => io.stderr(`${line}\n`);
      try {
        for (const note of opened.notes) log(`note: ${note}`);
        const result = await opened.erasure.erase({
          tenantId: args.tenantId,
          customerId: args.customerId,
          reason: args.reason,
          requestedBy: args.requestedBy,
        });
        if (!result.ok) {
          const what = result.error.code === "invalid_erasure_request" ? "refused (nothing done)" : "incomplete";
          return commandFailed(io, "frontdesk erase", `${what}: ${result.error.message}`);
        }
        io.stdout(args.json ? `${JSON.stringify(result.value)}\n` : describeReport(result.value));
        return EXIT_CODES.ok;
      } catch (error) {
        return commandFailed(io, "frontdesk erase", `failed: ${describe(error)} (run it again: erasure is idempotent)`);
      } finally {
        await opened.close();
      }
    },
  };
}

/** A short human account of an erasure report. */
export function describeReport(report: ErasureReport): string {
  const { counts, erasure } = report;
  const who = `${report.tenantId}/${report.customerId}`;
  const at = `${erasure.stream}#${erasure.streamVersion}`;
  const head = !report.alreadyErased
    ? `${who} erased: key ${report.keyDestroyed ? "destroyed" : "was already absent"}, customer.erased recorded at ` +
      `${at} (global position ${erasure.globalPosition}).`
    : report.keyDestroyed
      ? `${who}: the interrupted erasure recorded at ${at} (${erasure.recordedAt}) is finished: key destroyed; ` +
        "nothing new recorded."
      : `${who} was already erased (customer.erased at ${at}, ${erasure.recordedAt}); nothing new recorded.`;
  return [
    head,
    `${counts.events} events name the customer and stay in the log; ` +
      `${counts.personalFields} personal fields in ${counts.eventsWithPersonalData} of them can no longer be read.`,
    "Projections rebuilt; edge summary cache entry removed.",
    "",
  ].join("\n");
}

function safeUserName(): string {
  try {
    return userInfo().username.replace(/[^A-Za-z0-9._@+=-]/g, "_") || "unknown";
  } catch {
    return "unknown";
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
