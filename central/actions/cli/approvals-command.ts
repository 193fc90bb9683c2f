import type { ApprovalDecisionResponse, ApprovalsResponse } from "../../../shared/approvals-api.js";
import { idSchema } from "../../../shared/ids.js";
import { EXIT_CODES, type CliCommand } from "../../cli/cli-command.js";
import { adminConnection, argsOrExit, NO_ADMIN_TOKEN, tryParseArgs } from "../../cli/command-args.js";
import { createApprovalsClient, describeCallFailure, type ApprovalsClientOptions } from "./approvals-client.js";

/** The approvals command's `--help` text. */
export const APPROVALS_USAGE = [
  "Usage: frontdesk approvals list --tenant <tenantId> [--json] [--url <url>] [--token <token>]",
  "       frontdesk approvals approve <actionId> --tenant <tenantId> --reason <text> [--json] [--url …] [--token …]",
  "       frontdesk approvals reject <actionId> --tenant <tenantId> --reason <text> [--json] [--url …] [--token …]",
  "",
  "The human approval queue of a running central (over its admin API). list shows the pending approvals with the",
  "conversation, the proposal and the rules that asked for approval; approve/reject decide one, recorded as the",
  "token's admin with the reason. A two_humans approval needs a second, different admin token.",
  "",
  "Options:",
  "  --tenant <id>     the tenant",
  "  --reason <text>   why (required for approve and reject)",
  "  --url <url>       central's base URL (default $FRONTDESK_URL, else http://127.0.0.1:$CENTRAL_PORT or :8788)",
  "  --token <token>   an admin token with scope read (list) or approvals:write (default $FRONTDESK_TOKEN, else $ADMIN_TOKEN)",
  "  --json            print the API's JSON answer",
  "  -h, --help        show this help",
  "",
  "Exit codes: 0 done, 1 refused or central unreachable (the problem is printed), 2 usage error.",
  "",
].join("\n");

type ApprovalsArgs =
  | { help: true }
  | { help: false; action: "list"; tenantId: string; json: boolean; url: string | undefined; token: string | undefined }
  | {
      help: false;
      action: "approve" | "reject";
      actionId: string;
      tenantId: string;
      reason: string;
      json: boolean;
      url: string | undefined;
      token: string | undefined;
    };

/** Parses `approvals` arguments; a usage problem is a value. */
export function parseApprovalsArgs(
  argv: string[],
): { ok: true; value: ApprovalsArgs } | { ok: false; message: string } {
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
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (!parsed.ok) return parsed;
  const { values, positionals } = parsed.value;
  if (values.help) return { ok: true, value: { help: true } };
  const [action, actionId, ...extra] = positionals;
  if (values.tenant === undefined || !idSchema.safeParse(values.tenant).success)
    return { ok: false, message: "--tenant <tenantId> is required (letters, digits and . _ @ + = -)" };
  const common = { tenantId: values.tenant, json: values.json, url: values.url, token: values.token };
  if (action === "list" && actionId === undefined) return { ok: true, value: { help: false, action, ...common } };
  if ((action === "approve" || action === "reject") && actionId !== undefined && extra.length === 0) {
    if (!idSchema.safeParse(actionId).success)
      return { ok: false, message: `${JSON.stringify(actionId)} is not an action id` };
    if (!values.reason?.trim()) return { ok: false, message: `--reason <text> is required to ${action}` };
    return { ok: true, value: { help: false, action, actionId, reason: values.reason, ...common } };
  }
  return { ok: false, message: "expected list, approve <actionId> or reject <actionId>" };
}

function money(amountMinor: number | null, currency: string | null): string {
  return amountMinor === null ? "" : ` ${(amountMinor / 100).toFixed(2)} ${currency ?? ""}`.trimEnd();
}

/** `approvals list` as text. */
export function describeApprovals(listing: ApprovalsResponse): string {
  if (listing.approvals.length === 0) return `tenant ${listing.tenantId}: no pending approvals\n`;
  const lines = [
    `tenant ${listing.tenantId}: ${listing.approvals.length} pending approval${listing.approvals.length === 1 ? "" : "s"}`,
  ];
  for (const item of listing.approvals) {
    lines.push(
      "",
      `${item.actionId}  ${item.type}${money(item.amountMinor, item.currency)}${item.orderId ? ` order ${item.orderId}` : ""}  customer ${item.customerId}`,
    );
    lines.push(
      `  needs ${item.approval} (${item.approvalsNeeded} more), expires ${item.expiresAt ?? "never"}, policy v${item.policyVersion ?? "?"}, model ${item.modelVersion ?? "?"}`,
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
  return {
    name: "approvals",
    summary: "List, approve or reject actions waiting for a human (over central's admin API)",
    async run(argv, io) {
      const parsed = argsOrExit("approvals", parseApprovalsArgs(argv), APPROVALS_USAGE, io);
      if (!parsed.ok) return parsed.exitCode;
      const args = parsed.args;
      const { url, token } = adminConnection(args, io.env);
      if (!token) {
        io.stderr(`frontdesk approvals: ${NO_ADMIN_TOKEN}\n\n${APPROVALS_USAGE}`);
        return EXIT_CODES.usage;
      }
      const client = createApprovalsClient({ url, token, ...(options.fetch ? { fetch: options.fetch } : {}) });
      const result =
        args.action === "list"
          ? await client.list(args.tenantId)
          : await client.decide(args.tenantId, args.actionId, args.action, args.reason);
      if (!result.ok) {
        io.stderr(`frontdesk approvals: ${describeCallFailure(result.error)}\n`);
        return EXIT_CODES.failed;
      }
      if (args.json) io.stdout(`${JSON.stringify(result.value)}\n`);
      else io.stdout("approvals" in result.value ? describeApprovals(result.value) : describeDecision(result.value));
      return EXIT_CODES.ok;
    },
  };
}
