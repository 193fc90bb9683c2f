import { idSchema } from "../../../shared/ids.js";
import { ADMIN_COMMAND_OPTIONS } from "../../cli/admin-connection.js";
import { tryParseArgs } from "../../../tools/cli/command-args.js";
import { helpFor, subCommandOf, type GroupArgs } from "../../../tools/cli/command-group.js";
import { POLICY_SUB_COMMANDS, type PolicySubCommand } from "./policy-usage.js";

/** The arguments of one `frontdesk policy` sub-command (they share one set of options). */
export interface PolicyArgs {
  sub: PolicySubCommand;
  /** The positionals after the sub-command's name. */
  positionals: string[];
  tenant?: string;
  reason?: string;
  /** --url / --token as given; the admin connection falls back to the environment. */
  url?: string;
  token?: string;
  json: boolean;
  activate: boolean;
  dryRun?: number;
  fromVersion?: number;
  version?: number;
  file?: string;
  limit?: number;
  maxChanged?: number;
}

const POSITIONALS: Record<PolicySubCommand, [number, number]> = {
  validate: [1, 100],
  diff: [2, 2],
  push: [1, 1],
  activate: [1, 1],
  rollback: [0, 0],
  audit: [0, 0],
  list: [0, 0],
  show: [1, 1],
};
const NEEDS_TENANT: readonly PolicySubCommand[] = ["activate", "rollback", "audit", "list", "show"];

function positiveInt(flag: string, value: string | undefined, problems: string[]): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]*$/.test(value)) problems.push(`${flag} must be a positive whole number`);
  return Number(value);
}

/** Parses `policy` arguments; a usage problem is a value (naming the sub-command once it is known). */
export function parsePolicyArgs(argv: string[]): GroupArgs<PolicySubCommand, PolicyArgs> {
  const parsed = tryParseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      ...ADMIN_COMMAND_OPTIONS,
      activate: { type: "boolean", default: false },
      "dry-run": { type: "string" },
      "max-changed": { type: "string" },
      "from-version": { type: "string" },
      version: { type: "string" },
      file: { type: "string" },
      limit: { type: "string" },
    },
  });
  if (!parsed.ok) return { ...parsed, sub: undefined };
  const { values, positionals } = parsed.value;
  if (values.help) return { ok: true, value: { help: true, sub: helpFor(positionals, POLICY_SUB_COMMANDS) } };
  const named = subCommandOf(positionals, POLICY_SUB_COMMANDS);
  if (!named.ok) return { ...named, sub: undefined };
  const { sub, rest } = named;
  const problems: string[] = [];
  const [min, max] = POSITIONALS[sub];
  if (rest.length < min || rest.length > max)
    problems.push(`${sub} takes ${min === max ? min : `${min} to ${max}`} argument(s), got ${rest.length}`);
  if (values.tenant !== undefined && !idSchema.safeParse(values.tenant).success)
    problems.push(`--tenant ${JSON.stringify(values.tenant)} is not an id`);
  if (NEEDS_TENANT.includes(sub) && values.tenant === undefined) problems.push(`${sub} needs --tenant`);
  if (sub === "diff" && rest.some((side) => side.startsWith("@")) && values.tenant === undefined)
    problems.push("diff of a server version (@<version>) needs --tenant");
  const args: PolicyArgs = {
    sub,
    positionals: rest,
    json: values.json,
    activate: values.activate,
    ...(values.tenant === undefined ? {} : { tenant: values.tenant }),
    ...(values.reason === undefined ? {} : { reason: values.reason }),
    ...(values.file === undefined ? {} : { file: values.file }),
    ...(values.url === undefined ? {} : { url: values.url }),
    ...(values.token === undefined ? {} : { token: values.token }),
  };
  for (const [flag, key] of [
    ["--dry-run", "dryRun"],
    ["--from-version", "fromVersion"],
    ["--version", "version"],
    ["--limit", "limit"],
  ] as const) {
    const value = positiveInt(
      flag,
      values[flag.slice(2) as "dry-run" | "from-version" | "version" | "limit"],
      problems,
    );
    if (value !== undefined) args[key] = value;
  }
  if (values["max-changed"] !== undefined) {
    if (!/^[0-9]+$/.test(values["max-changed"])) problems.push("--max-changed must be a whole number");
    else args.maxChanged = Number(values["max-changed"]);
    if (!values.activate || values["dry-run"] === undefined)
      problems.push("--max-changed guards push --dry-run N --activate");
  }
  if (args.version !== undefined && args.file !== undefined) problems.push("give --version or --file, not both");
  if (sub === "activate" && !/^[1-9][0-9]*$/.test(rest[0] ?? "")) problems.push("activate takes a version number");
  if (sub === "show" && rest[0] !== "active" && !/^[1-9][0-9]*$/.test(rest[0] ?? ""))
    problems.push("show takes a version number or active");
  if (problems.length > 0) return { ok: false, message: problems.join("; "), sub };
  return { ok: true, value: { help: false, ...args } };
}
