import { readFile } from "node:fs/promises";
import { idSchema } from "../../../shared/ids.js";
import { validatePolicyDocument, type PolicyDocument } from "../../../shared/policy/policy-document.js";
import type { AuditReport } from "../../../shared/policy/audit-record.js";
import { err, ok, type Result } from "../../../shared/result.js";
import { EXIT_CODES, type CliCommand, type CommandIo } from "../../cli/cli-command.js";
import { adminConnection, NO_ADMIN_TOKEN, tryParseArgs } from "../../cli/command-args.js";
import { diffPolicies } from "../engine/diff-policies.js";
import {
  createPolicyAdminClient,
  describeFailure,
  type AdminCallFailure,
  type PolicyAdminClient,
  type PolicyAdminClientOptions,
} from "./policy-admin-client.js";
import { describeActivation, describeAudit, describeChanges, describeVersions } from "./policy-output.js";
import { POLICY_USAGE } from "./policy-usage.js";

const SUB_COMMANDS = ["validate", "diff", "push", "activate", "rollback", "audit", "list", "show"] as const;
type SubCommand = (typeof SUB_COMMANDS)[number];

interface Options {
  sub: SubCommand;
  positionals: string[];
  tenant?: string;
  reason?: string;
  url: string;
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

const POSITIONALS: Record<SubCommand, [number, number]> = {
  validate: [1, 100],
  diff: [2, 2],
  push: [1, 1],
  activate: [1, 1],
  rollback: [0, 0],
  audit: [0, 0],
  list: [0, 0],
  show: [1, 1],
};
const NEEDS_TENANT: readonly SubCommand[] = ["activate", "rollback", "audit", "list", "show"];

function positiveInt(flag: string, value: string | undefined, problems: string[]): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]*$/.test(value)) problems.push(`${flag} must be a positive whole number`);
  return Number(value);
}

/** Parses `policy` arguments; a usage problem is a value. */
export function parsePolicyArgs(
  argv: string[],
  env: CommandIo["env"],
): { ok: true; value: { help: true } | ({ help: false } & Options) } | { ok: false; message: string } {
  const parsed = tryParseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      tenant: { type: "string" },
      reason: { type: "string" },
      url: { type: "string" },
      token: { type: "string" },
      json: { type: "boolean", default: false },
      activate: { type: "boolean", default: false },
      "dry-run": { type: "string" },
      "max-changed": { type: "string" },
      "from-version": { type: "string" },
      version: { type: "string" },
      file: { type: "string" },
      limit: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (!parsed.ok) return parsed;
  const { values, positionals } = parsed.value;
  if (values.help) return { ok: true, value: { help: true } };
  const [sub, ...rest] = positionals;
  if (!SUB_COMMANDS.includes(sub as SubCommand))
    return { ok: false, message: sub === undefined ? "a sub-command is required" : `unknown sub-command '${sub}'` };
  const command = sub as SubCommand;
  const problems: string[] = [];
  const [min, max] = POSITIONALS[command];
  if (rest.length < min || rest.length > max)
    problems.push(`${command} takes ${min === max ? min : `${min} to ${max}`} argument(s), got ${rest.length}`);
  if (values.tenant !== undefined && !idSchema.safeParse(values.tenant).success)
    problems.push(`--tenant ${JSON.stringify(values.tenant)} is not an id`);
  if (NEEDS_TENANT.includes(command) && values.tenant === undefined) problems.push(`${command} needs --tenant`);
  if (command === "diff" && rest.some((side) => side.startsWith("@")) && values.tenant === undefined)
    problems.push("diff of a server version (@<version>) needs --tenant");
  const connection = adminConnection(values, env);
  const options: Options = {
    sub: command,
    positionals: rest,
    url: connection.url,
    json: values.json,
    activate: values.activate,
    ...(values.tenant === undefined ? {} : { tenant: values.tenant }),
    ...(values.reason === undefined ? {} : { reason: values.reason }),
    ...(values.file === undefined ? {} : { file: values.file }),
  };
  if (connection.token) options.token = connection.token;
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
    if (value !== undefined) options[key] = value;
  }
  if (values["max-changed"] !== undefined) {
    if (!/^[0-9]+$/.test(values["max-changed"])) problems.push("--max-changed must be a whole number");
    else options.maxChanged = Number(values["max-changed"]);
    if (!values.activate || values["dry-run"] === undefined)
      problems.push("--max-changed guards push --dry-run N --activate");
  }
  if (options.version !== undefined && options.file !== undefined) problems.push("give --version or --file, not both");
  if (command === "activate" && !/^[1-9][0-9]*$/.test(rest[0] ?? "")) problems.push("activate takes a version number");
  if (command === "show" && rest[0] !== "active" && !/^[1-9][0-9]*$/.test(rest[0] ?? ""))
    problems.push("show takes a version number or active");
  if (problems.length > 0) return { ok: false, message: problems.join("; ") };
  return { ok: true, value: { help: false, ...options } };
}

/** A local policy file, validated; problems are listed as `path: message`. */
async function readPolicyFile(
  path: string,
): Promise<Result<PolicyDocument, { code: "invalid_file"; lines: string[] }>> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    return err({
      code: "invalid_file",
      lines: [`cannot read ${path} as JSON: ${error instanceof Error ? error.message : String(error)}`],
    });
  }
  const valid = validatePolicyDocument(json);
  return valid.ok
    ? ok(valid.value)
    : err({
        code: "invalid_file",
        lines: valid.error.problems.map((problem) => `${problem.path}: ${problem.message}`),
      });
}

/** What the policy command needs: how to reach central (replaceable in tests). */
export interface PolicyCommandDeps {
  client?: (options: PolicyAdminClientOptions) => PolicyAdminClient;
}

/** Creates `frontdesk policy`. */
export function createPolicyCommand(deps: PolicyCommandDeps = {}): CliCommand {
  const makeClient = deps.client ?? createPolicyAdminClient;
  return {
    name: "policy",
    summary: "Validate, diff, push, activate, roll back and audit tenants' policy documents",
    async run(argv, io) {
      const parsed = parsePolicyArgs(argv, io.env);
      if (!parsed.ok) {
        io.stderr(`frontdesk policy: ${parsed.message}\n\n${POLICY_USAGE}`);
        return EXIT_CODES.usage;
      }
      if (parsed.value.help) {
        io.stdout(POLICY_USAGE);
        return EXIT_CODES.ok;
      }
      const args = parsed.value;
      const fail = (message: string) => {
        io.stderr(`frontdesk policy ${args.sub}: ${message}\n`);
        return EXIT_CODES.failed;
      };
      const print = (value: unknown, text: string) => io.stdout(args.json ? `${JSON.stringify(value)}\n` : text);
      const client = () => {
        if (!args.token) return null;
        return makeClient({ url: args.url, token: args.token });
      };
      const needClient = () => client() ?? (fail(NO_ADMIN_TOKEN), null);
      const failed = (failure: AdminCallFailure) => fail(describeFailure(failure));

      if (args.sub === "validate") {
        let invalid = 0;
        for (const path of args.positionals) {
          const read = await readPolicyFile(path);
          if (read.ok) io.stdout(`${path}: valid (tenant ${read.value.tenantId}, version ${read.value.version})\n`);
          else {
            invalid += 1;
            io.stdout(
              `${path}: ${read.error.lines.length} problem(s)\n${read.error.lines.map((line) => `  - ${line}\n`).join("")}`,
            );
          }
        }
        return invalid === 0 ? EXIT_CODES.ok : EXIT_CODES.failed;
      }

      if (args.sub === "diff") {
        const sides: PolicyDocument[] = [];
        for (const side of args.positionals) {
          if (side.startsWith("@")) {
            const api = needClient();
            if (!api) return EXIT_CODES.failed;
            const which = side.slice(1) === "active" ? "active" : Number(side.slice(1));
            if (which !== "active" && !(Number.isInteger(which) && which > 0))
              return fail(`${side} is not @<version> or @active`);
            const got = await api.get(args.tenant!, which);
            if (!got.ok) return failed(got.error);
            sides.push(got.value.document);
          } else {
            const read = await readPolicyFile(side);
            if (!read.ok)
              return fail(
                `${side} is not a valid policy:\n${read.error.lines.map((line) => `  - ${line}`).join("\n")}`,
              );
            sides.push(read.value);
          }
        }
        const changes = diffPolicies(sides[0]!, sides[1]!);
        print(changes, describeChanges(changes));
        return EXIT_CODES.ok;
      }

      const api = needClient();
      if (!api) return EXIT_CODES.failed;
      const tenantId = args.tenant ?? "";

      switch (args.sub) {
        case "push": {
          let json: unknown;
          try {
            json = JSON.parse(await readFile(args.positionals[0]!, "utf8"));
          } catch (error) {
            return fail(
              `cannot read ${args.positionals[0]} as JSON: ${error instanceof Error ? error.message : String(error)}`,
            );
          }
          const documentTenant =
            typeof json === "object" && json !== null && typeof (json as { tenantId?: unknown }).tenantId === "string"
              ? (json as { tenantId: string }).tenantId
              : undefined;
          const target = args.tenant ?? documentTenant;
          if (!target || !idSchema.safeParse(target).success)
            return fail("the document names no valid tenantId; pass --tenant");
          const pushed = await api.push(target, json, args.dryRun);
          if (!pushed.ok) return failed(pushed.error);
          const dryRun = pushed.value.dryRun ? describeAudit(pushed.value.dryRun as unknown as AuditReport) : "";
          const head = pushed.value.alreadyPushed
            ? `tenant ${target} version ${pushed.value.version} was already pushed with this exact document; nothing recorded\n`
            : `pushed tenant ${target} version ${pushed.value.version}\n`;
          if (!args.activate) {
            print(pushed.value, `${head}${dryRun}`);
            return EXIT_CODES.ok;
          }
          const changed = pushed.value.dryRun?.changed ?? 0;
          if (args.maxChanged !== undefined && changed > args.maxChanged) {
            io.stdout(`${head}${dryRun}`);
            return fail(
              `not activated: the dry-run changes ${changed} decisions, more than --max-changed ${args.maxChanged} (version ${pushed.value.version} stays pushed; activate it when reviewed)`,
            );
          }
          const activated = await api.activate(target, pushed.value.version, args.reason);
          if (!activated.ok) return (io.stdout(`${head}${dryRun}`), failed(activated.error));
          print(
            { push: pushed.value, activation: activated.value },
            `${head}${dryRun}${describeActivation(activated.value, "activated")}`,
          );
          return EXIT_CODES.ok;
        }
        case "activate": {
          const activated = await api.activate(tenantId, Number(args.positionals[0]), args.reason);
          if (!activated.ok) return failed(activated.error);
          print(activated.value, describeActivation(activated.value, "activated"));
          return EXIT_CODES.ok;
        }
        case "rollback": {
          let fromVersion = args.fromVersion;
          if (fromVersion === undefined) {
            // Name the version being rolled back, so a retry of this command cannot roll back twice.
            const listing = await api.list(tenantId);
            if (!listing.ok) return failed(listing.error);
            if (listing.value.activeVersion === null) return fail(`tenant ${tenantId} has no active policy`);
            fromVersion = listing.value.activeVersion;
          }
          const rolledBack = await api.rollback(tenantId, {
            fromVersion,
            ...(args.reason === undefined ? {} : { reason: args.reason }),
          });
          if (!rolledBack.ok) return failed(rolledBack.error);
          print(rolledBack.value, describeActivation(rolledBack.value, `rolled back from v${fromVersion}`));
          return EXIT_CODES.ok;
        }
        case "audit": {
          let document: PolicyDocument | undefined;
          if (args.file !== undefined) {
            const read = await readPolicyFile(args.file);
            if (!read.ok)
              return fail(
                `${args.file} is not a valid policy:\n${read.error.lines.map((line) => `  - ${line}`).join("\n")}`,
              );
            document = read.value;
          }
          const audited = await api.audit(tenantId, {
            ...(args.version === undefined ? {} : { version: args.version }),
            ...(document ? { document } : {}),
            ...(args.limit === undefined ? {} : { limit: args.limit }),
          });
          if (!audited.ok) return failed(audited.error);
          print(audited.value, describeAudit(audited.value as unknown as AuditReport));
          return EXIT_CODES.ok;
        }
        case "list": {
          const listing = await api.list(tenantId);
          if (!listing.ok) return failed(listing.error);
          print(listing.value, describeVersions(listing.value));
          return EXIT_CODES.ok;
        }
        case "show": {
          const which = args.positionals[0] === "active" ? "active" : Number(args.positionals[0]);
          const got = await api.get(tenantId, which);
          if (!got.ok) return failed(got.error);
          io.stdout(`${JSON.stringify(args.json ? got.value : got.value.document, null, 2)}\n`);
          return EXIT_CODES.ok;
        }
      }
    },
  };
}
