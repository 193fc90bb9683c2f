import { readFile } from "node:fs/promises";
import { idSchema } from "../../../shared/ids.js";
import { validatePolicyDocument, type PolicyDocument } from "../../../shared/policy/policy-document.js";
import type { AuditReport } from "../../../shared/policy/audit-record.js";
import { err, ok, type Result } from "../../../shared/result.js";
import { commandFailed, EXIT_CODES, type CliCommand } from "../../../tools/cli/cli-command.js";
import type { CliIo } from "../../../tools/cli/cli-io.js";
import { createCommandGroup, type SubCommand } from "../../../tools/cli/command-group.js";
import type { AdminCallFailure } from "../../cli/admin-api-client.js";
import { adminCallFailed, adminConnectionOrExit } from "../../cli/admin-connection.js";
import { diffPolicies } from "../engine/diff-policies.js";
import {
  createPolicyAdminClient,
  type PolicyAdminClient,
  type PolicyAdminClientOptions,
} from "./policy-admin-client.js";
import { parsePolicyArgs, type PolicyArgs } from "./policy-args.js";
import { describeActivation, describeAudit, describeChanges, describeVersions } from "./policy-output.js";
import { POLICY_USAGE, policySubCommandUsage, type PolicySubCommand } from "./policy-usage.js";

/** What a sub-command runs with: where it writes, how messages name it, and central's admin API when it needs it. */
interface PolicyRun {
  args: PolicyArgs;
  io: CliIo;
  /** Prints `frontdesk policy <sub>: <message>`; resolves the exit code 1. */
  fail(message: string): number;
  /** Prints a failed call to central with what to do next; resolves the exit code 1. */
  failed(failure: AdminCallFailure): number;
  /** Prints central's answer, or its JSON with --json. */
  print(value: unknown, text: string): void;
  /** The admin API client, or the usage problem of a missing token (exit 2). */
  connect(): { ok: true; api: PolicyAdminClient } | { ok: false; exitCode: number };
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

const notAPolicy = (path: string, lines: readonly string[]) =>
  `${path} is not a valid policy:\n${lines.map((line) => `  - ${line}`).join("\n")}`;

/** `policy validate <file>...`: every problem of every file (offline). */
async function validate({ args, io }: PolicyRun): Promise<number> {
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

/** `policy diff <a> <b>`: each side a file, or a version on the server. */
async function diff({ args, fail, failed, print, connect }: PolicyRun): Promise<number> {
  const sides: PolicyDocument[] = [];
  for (const side of args.positionals) {
    if (side.startsWith("@")) {
      const connection = connect();
      if (!connection.ok) return connection.exitCode;
      const which = side.slice(1) === "active" ? "active" : Number(side.slice(1));
      if (which !== "active" && !(Number.isInteger(which) && which > 0))
        return fail(`${side} is not @<version> or @active`);
      const got = await connection.api.get(args.tenant ?? "", which);
      if (!got.ok) return failed(got.error);
      sides.push(got.value.document);
    } else {
      const read = await readPolicyFile(side);
      if (!read.ok) return fail(notAPolicy(side, read.error.lines));
      sides.push(read.value);
    }
  }
  const [before, after] = sides;
  if (!before || !after) return fail("diff needs two sides");
  const changes = diffPolicies(before, after);
  print(changes, describeChanges(changes));
  return EXIT_CODES.ok;
}

/** `policy push <file>`: records a version; with --activate (guarded by --max-changed) also activates it. */
async function push({ args, io, fail, failed, print, connect }: PolicyRun): Promise<number> {
  const connection = connect();
  if (!connection.ok) return connection.exitCode;
  const { api } = connection;
  const path = args.positionals[0] ?? "";
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    return fail(`cannot read ${path} as JSON: ${error instanceof Error ? error.message : String(error)}`);
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
      `not activated: the dry-run changes ${changed} decisions, more than --max-changed ${args.maxChanged} ` +
        `(version ${pushed.value.version} stays pushed; activate it when reviewed)`,
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

/** `policy activate <version>`. */
async function activate({ args, failed, print, connect }: PolicyRun): Promise<number> {
  const connection = connect();
  if (!connection.ok) return connection.exitCode;
  const activated = await connection.api.activate(args.tenant ?? "", Number(args.positionals[0]), args.reason);
  if (!activated.ok) return failed(activated.error);
  print(activated.value, describeActivation(activated.value, "activated"));
  return EXIT_CODES.ok;
}

/** `policy rollback [--from-version V]`: names the version rolled back, so a retry cannot roll back twice. */
async function rollback({ args, fail, failed, print, connect }: PolicyRun): Promise<number> {
  const connection = connect();
  if (!connection.ok) return connection.exitCode;
  const { api } = connection;
  const tenantId = args.tenant ?? "";
  let fromVersion = args.fromVersion;
  if (fromVersion === undefined) {
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

/** `policy audit [--version V | --file F] [--limit N]`: replays recorded proposals under another policy. */
async function audit({ args, fail, failed, print, connect }: PolicyRun): Promise<number> {
  const connection = connect();
  if (!connection.ok) return connection.exitCode;
  let document: PolicyDocument | undefined;
  if (args.file !== undefined) {
    const read = await readPolicyFile(args.file);
    if (!read.ok) return fail(notAPolicy(args.file, read.error.lines));
    document = read.value;
  }
  const audited = await connection.api.audit(args.tenant ?? "", {
    ...(args.version === undefined ? {} : { version: args.version }),
    ...(document ? { document } : {}),
    ...(args.limit === undefined ? {} : { limit: args.limit }),
  });
  if (!audited.ok) return failed(audited.error);
  print(audited.value, describeAudit(audited.value as unknown as AuditReport));
  return EXIT_CODES.ok;
}

/** `policy list`: the pushed versions and the active one. */
async function list({ args, failed, print, connect }: PolicyRun): Promise<number> {
  const connection = connect();
  if (!connection.ok) return connection.exitCode;
  const listing = await connection.api.list(args.tenant ?? "");
  if (!listing.ok) return failed(listing.error);
  print(listing.value, describeVersions(listing.value));
  return EXIT_CODES.ok;
}

/** `policy show <version|active>`: the document as JSON (with --json, the whole answer). */
async function show({ args, io, failed, connect }: PolicyRun): Promise<number> {
  const connection = connect();
  if (!connection.ok) return connection.exitCode;
  const which = args.positionals[0] === "active" ? "active" : Number(args.positionals[0]);
  const got = await connection.api.get(args.tenant ?? "", which);
  if (!got.ok) return failed(got.error);
  io.stdout(`${JSON.stringify(args.json ? got.value : got.value.document, null, 2)}\n`);
  return EXIT_CODES.ok;
}

/** What the policy command needs: how to reach central (replaceable in tests). */
export interface PolicyCommandDeps {
  client?: (options: PolicyAdminClientOptions) => PolicyAdminClient;
}

/** Creates `frontdesk policy`. */
export function createPolicyCommand(deps: PolicyCommandDeps = {}): CliCommand {
  const makeClient = deps.client ?? createPolicyAdminClient;
  const subCommand = <K extends PolicySubCommand>(
    sub: K,
    runner: (run: PolicyRun) => Promise<number>,
  ): SubCommand<PolicyArgs & { sub: K }> => {
    const usage = policySubCommandUsage(sub);
    return {
      usage,
      run: (args, io, command) =>
        runner({
          args,
          io,
          fail: (message) => commandFailed(io, command, message),
          failed: (failure) => adminCallFailed(io, command, failure),
          print: (value, text) => io.stdout(args.json ? `${JSON.stringify(value)}\n` : text),
          connect: () => {
            const connection = adminConnectionOrExit(args, io, command, usage);
            if (!connection.ok) return connection;
            return { ok: true, api: makeClient({ url: connection.url, token: connection.token }) };
          },
        }),
    };
  };
  return createCommandGroup<PolicySubCommand, PolicyArgs>({
    program: "frontdesk",
    name: "policy",
    summary: "Validate, diff, push, activate, roll back and audit tenants' policy documents",
    usage: POLICY_USAGE,
    parse: parsePolicyArgs,
    subCommands: {
      validate: subCommand("validate", validate),
      diff: subCommand("diff", diff),
      push: subCommand("push", push),
      activate: subCommand("activate", activate),
      rollback: subCommand("rollback", rollback),
      audit: subCommand("audit", audit),
      list: subCommand("list", list),
      show: subCommand("show", show),
    },
  });
}
