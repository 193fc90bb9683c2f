import type { ApprovalDecisionResponse, ApprovalsResponse } from "../../../shared/approvals-api.js";
import { idSchema } from "../../../shared/ids.js";
import { EXIT_CODES, type CliCommand } from "../../../tools/cli/cli-command.js";
import type { CliIo } from "../../../tools/cli/cli-io.js";
import { tryParseArgs } from "../../../tools/cli/command-args.js";
import { createCommandGroup, helpFor, subCommandOf, type GroupArgs } from "../../../tools/cli/command-group.js";
import { ADMIN_COMMAND_OPTIONS, adminCallFailed, adminConnectionOrExit } from "../../cli/admin-connection.js";
import { createApprovalsClient, type ApprovalsClientOptions } from "./approvals-client.js";
import { APPROVALS_LIST_USAGE, APPROVALS_USAGE, approvalsDecideUsage } from "./approvals-usage.js";

const SUB_COMMANDS = ["list", "approve", "reject"] as const;
type ApprovalsSubCommand = (typeof SUB_COMMANDS)[number];
type Connection = { tenantId: string; json: boolean; url: string | undefined; token: string | undefined };
type ApprovalsArgs =
  ({ sub: "list" } & Connection) | ({ sub: "approve" | "reject"; actionId: string; reason: string } & Connection);

/** Parses `approvals` arguments; a usage problem is a value. */
export function parseApprovalsArgs(argv: string[]): GroupArgs<ApprovalsSubCommand, ApprovalsArgs> {
  const parsed = tryParseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: ADMIN_COMMAND_OPTIONS,
  });
  if (!parsed.ok) return { ...parsed, sub: undefined };
  const { values, positionals } = parsed.value;
  if (values.help) return { ok: true, value: { help: true, sub: helpFor(positionals, SUB_COMMANDS) } };
  const named = subCommandOf(positionals, SUB_COMMANDS);
  if (!named.ok) return { ...named, sub: undefined };
  const { sub, rest } = named;
  const problem = (message: string) => ({ ok: false as const, message, sub });
  if (values.tenant === undefined || !idSchema.safeParse(values.tenant).success)
    return problem("--tenant <tenantId> is required (letters, digits and . _ @ + = -)");
  const common = { tenantId: values.tenant, json: values.json, url: values.url, token: values.token };
  if (sub === "list") {
    if (rest.length > 0) return problem("list takes no arguments, only options");
    return { ok: true, value: { help: false, sub, ...common } };
  }
  const [actionId, ...extra] = rest;
  if (actionId === undefined || extra.length > 0) return problem(`${sub} takes one <actionId>`);
  if (!idSchema.safeParse(actionId).success) return problem(`${JSON.stringify(actionId)} is not an action id`);
  if (!values.reason?.trim()) return problem(`--reason <text> is required to ${sub}`);
  return { ok: true, value: { help: false, sub, actionId, reason: values.reason, ...common } };
}

function money(amountMinor: number | null, currency: string | null): string {
  return amountMinor === null ? "" : ` ${(amountMinor / 100).toFixed(2)} ${currency ?? ""}`.trimEnd();
}

/** `approvals list` as text. */
export function describeApprovals(listing: ApprovalsResponse): string {
  if (listing.approvals.length === 0) return `tenant ${listing.tenantId}: no pending approvals\n`;
  const plural = listing.approvals.length === 1 ? "" : "s";
  const lines = [`tenant ${listing.tenantId}: ${listing.approvals.length} pending approval${plural}`];
  for (const item of listing.approvals) {
    const order = item.orderId ? ` order ${item.orderId}` : "";
    const amount = money(item.amountMinor, item.currency);
    lines.push("", `${item.actionId}  ${item.type}${amount}${order}  customer ${item.customerId}`);
    const versions = `policy v${item.policyVersion ?? "?"}, model ${item.modelVersion ?? "?"}`;
    lines.push(
      `  needs ${item.approval} (${item.approvalsNeeded} more), expires ${item.expiresAt ?? "never"}, ${versions}`,
    );
    lines.push(`  rules: ${item.ruleIds.map((id, index) => `${id} — ${item.reasons[index] ?? ""}`).join("; ")}`);
    lines.push(`  model's reason: ${item.reason}`);
    for (const approver of item.approvers)
      lines.push(`  approved by ${approver.by} at ${approver.at}: ${approver.reason}`);
    for (const line of item.conversation)
      lines.push(`  | ${line.role}: ${line.text.replace(/\s+/g, " ").slice(0, 200)}`);
  }
  return `${lines.join("\n")}\n`;
}

/** A decision as text. */
export function describeDecision(decision: ApprovalDecisionResponse): string {
  const what =
    decision.outcome === "approval_recorded"
      ? `approval recorded; ${decision.approvalsNeeded} more from a different admin needed`
      : decision.outcome === "approved"
        ? decision.executed
          ? `approved and executed${decision.reference ? ` (reference ${decision.reference})` : ""}`
          : "approved; execution failed and will be retried"
        : "rejected";
  return `action ${decision.actionId}: ${what}\n`;
}

/** Creates `frontdesk approvals` (talks to a running central over HTTP). */
export function createApprovalsCommand(options: { fetch?: ApprovalsClientOptions["fetch"] } = {}): CliCommand {
  const clientFor = (url: string, token: string) =>
    createApprovalsClient({ url, token, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const print = (io: CliIo, json: boolean, value: unknown, text: string) =>
    io.stdout(json ? `${JSON.stringify(value)}\n` : text);

  const decide = (verb: "approve" | "reject") => {
    const usage = approvalsDecideUsage(verb);
    return {
      usage,
      async run(args: Extract<ApprovalsArgs, { actionId: string }>, io: CliIo, command: string) {
        const connection = adminConnectionOrExit(args, io, command, usage);
        if (!connection.ok) return connection.exitCode;
        const client = clientFor(connection.url, connection.token);
        const decided = await client.decide(args.tenantId, args.actionId, verb, args.reason);
        if (!decided.ok) return adminCallFailed(io, command, decided.error);
        print(io, args.json, decided.value, describeDecision(decided.value));
        return EXIT_CODES.ok;
      },
    };
  };

  return createCommandGroup<ApprovalsSubCommand, ApprovalsArgs>({
    program: "frontdesk",
    name: "approvals",
    summary: "List, approve or reject actions waiting for a human (over central's admin API)",
    usage: APPROVALS_USAGE,
    parse: parseApprovalsArgs,
    subCommands: {
      list: {
        usage: APPROVALS_LIST_USAGE,
        async run(args, io, command) {
          const connection = adminConnectionOrExit(args, io, command, APPROVALS_LIST_USAGE);
          if (!connection.ok) return connection.exitCode;
          const listed = await clientFor(connection.url, connection.token).list(args.tenantId);
          if (!listed.ok) return adminCallFailed(io, command, listed.error);
          print(io, args.json, listed.value, describeApprovals(listed.value));
          return EXIT_CODES.ok;
        },
      },
      approve: decide("approve"),
      reject: decide("reject"),
    },
  });
}
