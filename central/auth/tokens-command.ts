import { randomBytes } from "node:crypto";
import { idSchema } from "../../shared/ids.js";
import { EXIT_CODES, type CliCommand } from "../../tools/cli/cli-command.js";
import { tryParseArgs } from "../../tools/cli/command-args.js";
import { createCommandGroup, helpFor, subCommandOf, type GroupArgs } from "../../tools/cli/command-group.js";
import { tokenSha256 } from "./admin-auth.js";
import { adminScopeSchema, scopedAdminTokenSchema, type ScopedAdminToken } from "./admin-scopes.js";

/** The tokens command's `--help` text. */
export const TOKENS_USAGE = [
  "Usage: frontdesk tokens create --id <tokenId> --tenant <tenantId|*> --scopes <scope,...> [--json]",
  "",
  "Makes a random scoped admin token. Prints the token (give it to its holder; it is not stored anywhere) and the",
  "entry to add to central's ADMIN_TOKENS list, which holds only the token's SHA-256. Restart central to apply.",
  "",
  "Options:",
  "  --id <id>              token id, recorded as the actor of what the token does (e.g. ops-acme)",
  "  --tenant <id|*>        the tenant the token is for, or * for every tenant",
  `  --scopes <list>        comma-separated: ${adminScopeSchema.options.join(", ")}`,
  "  --json                 print {token, entry} as one JSON line",
  "  -h, --help             show this help",
  "",
  "Exit codes: 0 printed, 2 usage error.",
  "",
].join("\n");

const SUB_COMMANDS = ["create"] as const;
type TokensArgs = { sub: "create"; entry: Omit<ScopedAdminToken, "tokenSha256">; json: boolean };

/** Parses `tokens` arguments (its one sub-command, `create`); a usage problem is a value. */
export function parseTokensArgs(argv: string[]): GroupArgs<"create", TokensArgs> {
  const parsed = tryParseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      id: { type: "string" },
      tenant: { type: "string" },
      scopes: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (!parsed.ok) return { ...parsed, sub: undefined };
  const { values, positionals } = parsed.value;
  if (values.help) return { ok: true, value: { help: true, sub: helpFor(positionals, SUB_COMMANDS) } };
  const sub = subCommandOf(positionals, SUB_COMMANDS);
  if (!sub.ok) return { ...sub, sub: undefined };
  if (sub.rest.length > 0) return { ok: false, message: "create takes no arguments, only options", sub: "create" };
  const problems: string[] = [];
  if (values.tenant !== undefined && values.tenant !== "*" && !idSchema.safeParse(values.tenant).success)
    problems.push(`--tenant ${JSON.stringify(values.tenant)} is not a tenant id or *`);
  const entry = {
    id: values.id,
    tenantId: values.tenant,
    scopes: (values.scopes ?? "")
      .split(",")
      .map((scope) => scope.trim())
      .filter(Boolean),
  };
  const checked = scopedAdminTokenSchema.omit({ tokenSha256: true }).safeParse(entry);
  if (!checked.success)
    for (const issue of checked.error.issues)
      problems.push(`--${issue.path[0] === "tenantId" ? "tenant" : String(issue.path[0])}: ${issue.message}`);
  if (problems.length > 0 || !checked.success) return { ok: false, message: problems.join("; "), sub: "create" };
  return { ok: true, value: { help: false, sub: "create", entry: checked.data, json: values.json } };
}

/** Creates `frontdesk tokens` (offline: `create` only generates and prints). */
export function createTokensCommand(random: (bytes: number) => Buffer = randomBytes): CliCommand {
  return createCommandGroup<"create", TokensArgs>({
    program: "frontdesk",
    name: "tokens",
    summary: "Make a scoped admin token and print its ADMIN_TOKENS entry",
    usage: TOKENS_USAGE,
    parse: parseTokensArgs,
    subCommands: {
      create: {
        usage: TOKENS_USAGE,
        async run(args, io) {
          const token = `fdt_${random(24).toString("base64url")}`;
          const entry: ScopedAdminToken = { ...args.entry, tokenSha256: tokenSha256(token) };
          if (args.json) {
            io.stdout(`${JSON.stringify({ token, entry })}\n`);
          } else {
            io.stdout(
              `token (shown once; give it to its holder): ${token}\nADMIN_TOKENS entry: ${JSON.stringify(entry)}\n`,
            );
          }
          return EXIT_CODES.ok;
        },
      },
    },
  });
}
