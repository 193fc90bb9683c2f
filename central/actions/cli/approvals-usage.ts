import { formatUsage } from "../../../tools/cli/format-usage.js";

const OPTIONS = {
  tenant: "  --tenant <id>     the tenant",
  reason: "  --reason <text>   why (required for approve and reject)",
  url: "  --url <url>       central's base URL (default $FRONTDESK_URL, else http://127.0.0.1:$CENTRAL_PORT or :8788)",
  token: (scope: string) =>
    `  --token <token>   an admin token with scope ${scope} (default $FRONTDESK_TOKEN, else $ADMIN_TOKEN)`,
  json: "  --json            print the API's JSON answer",
  help: "  -h, --help        show this help",
};
const EXIT_CODES_LINE = "Exit codes: 0 done, 1 refused or central unreachable (the problem is printed), 2 usage error.";
const LIST = "frontdesk approvals list --tenant <tenantId> [--json] [--url <url>] [--token <token>]";
const decide = (verb: string) =>
  `frontdesk approvals ${verb} <actionId> --tenant <tenantId> --reason <text> [--json] [--url …] [--token …]`;

/** The approvals command's `--help` text. */
export const APPROVALS_USAGE = formatUsage({
  usage: [LIST, decide("approve"), decide("reject")],
  about: [
    "The human approval queue of a running central (over its admin API). list shows the pending approvals with the",
    "conversation, the proposal and the rules that asked for approval; approve/reject decide one, recorded as the",
    "token's admin with the reason. A two_humans approval needs a second, different admin token.",
  ],
  options: [
    OPTIONS.tenant,
    OPTIONS.reason,
    OPTIONS.url,
    OPTIONS.token("read (list) or approvals:write"),
    OPTIONS.json,
    OPTIONS.help,
  ],
  notes: [EXIT_CODES_LINE],
});

/** `frontdesk approvals list --help`. */
export const APPROVALS_LIST_USAGE = formatUsage({
  usage: [LIST],
  about: [
    "Shows the tenant's pending approvals on a running central, with the conversation, the proposal and the rules",
    "that asked for approval.",
  ],
  options: [OPTIONS.tenant, OPTIONS.url, OPTIONS.token("read"), OPTIONS.json, OPTIONS.help],
  notes: [EXIT_CODES_LINE],
});

/** `frontdesk approvals approve|reject --help`. */
export function approvalsDecideUsage(verb: "approve" | "reject"): string {
  return formatUsage({
    usage: [decide(verb)],
    about: [
      verb === "approve"
        ? "Approves one pending action, recorded as the token's admin with the reason; a two_humans approval needs a"
        : "Rejects one pending action, recorded as the token's admin with the reason; nothing is executed.",
      ...(verb === "approve" ? ["second, different admin token before the action is executed."] : []),
    ],
    options: [
      OPTIONS.tenant,
      OPTIONS.reason,
      OPTIONS.url,
      OPTIONS.token("approvals:write"),
      OPTIONS.json,
      OPTIONS.help,
    ],
    notes: [EXIT_CODES_LINE],
  });
}
