import { formatUsage } from "../../../tools/cli/format-usage.js";

/** The sub-commands of `frontdesk policy`, in the order its help lists them. */
export const POLICY_SUB_COMMANDS = [
  "validate",
  "diff",
  "push",
  "activate",
  "rollback",
  "audit",
  "list",
  "show",
] as const;

/** A sub-command of `frontdesk policy`. */
export type PolicySubCommand = (typeof POLICY_SUB_COMMANDS)[number];

/** How each sub-command is called and what it does (lines as the group's help wraps them). */
const SUB_COMMAND_HELP: Record<PolicySubCommand, { synopsis: string; lines: string[]; where?: string }> = {
  validate: {
    synopsis: "validate <file>...",
    lines: ["check documents; every problem is listed as path: message"],
    where: "Works offline.",
  },
  diff: {
    synopsis: "diff <a> <b>",
    lines: ["structural differences; each side a file, or @<version> / @active", "of --tenant on the server"],
    where: "Works offline on local files; a server version (@<version>, @active) is read from central over HTTP.",
  },
  push: {
    synopsis: "push <file> [--dry-run N] [--activate]",
    lines: [
      "record a new immutable version (tenant and version from the document);",
      "--dry-run replays the tenant's last N recorded proposals first;",
      "--max-changed K: do not activate if more than K decisions change",
    ],
  },
  activate: {
    synopsis: "activate <version> --tenant T",
    lines: ["make a pushed version active and publish it to the edge"],
  },
  rollback: {
    synopsis: "rollback --tenant T [--from-version V]",
    lines: ["return to the version active before V (default: the active one)"],
  },
  audit: {
    synopsis: "audit --tenant T [--version V | --file F] [--limit N]",
    lines: [
      "replay recorded proposals under a version (default: active) or a",
      "document: decisions that differ, compensations for executed ones",
    ],
  },
  list: { synopsis: "list --tenant T", lines: ["pushed versions and the active one"] },
  show: { synopsis: "show <version|active> --tenant T", lines: ["one version's document as JSON"] },
};

const OPTIONS = [
  "  --tenant <id>        the tenant (push reads it from the document)",
  "  --reason <text>      recorded with activate / rollback / push --activate",
  "  --url <url>          central's base URL (default $FRONTDESK_URL, else http://127.0.0.1:$CENTRAL_PORT or :8788)",
  "  --token <token>      admin token (default $FRONTDESK_TOKEN, else $ADMIN_TOKEN); push, activate and rollback",
  "                       need scope policy:write for the tenant, the others scope read",
  "  --json               print central's answer as JSON",
  "  -h, --help           show this help",
];
const EXIT_CODES_LINE =
  "Exit codes: 0 done, 1 refused or failed (the problem is printed; invalid documents list every problem), 2 usage.";
const COLUMN = 40;

/** One sub-command's lines in the group's help: the synopsis, its description beside it (or below when long). */
function listed(sub: PolicySubCommand): string[] {
  const { synopsis, lines } = SUB_COMMAND_HELP[sub];
  const indent = " ".repeat(COLUMN + 2);
  const [first = "", ...more] = lines;
  const head =
    synopsis.length <= COLUMN - 2 ? [`  ${synopsis.padEnd(COLUMN - 2)}  ${first}`] : [`  ${synopsis}`, indent + first];
  return [...head, ...more.map((line) => indent + line)];
}

/** `frontdesk policy --help`. */
export const POLICY_USAGE = formatUsage({
  usage: ["frontdesk policy <sub-command> [options]"],
  about: [
    'Manage tenants\' policy documents (README, "Policy documents"). validate and diff of local files work offline;',
    "everything else talks to the running central over HTTP (with PGlite only one process may open the database).",
  ],
  notes: ["Sub-commands:", ...POLICY_SUB_COMMANDS.flatMap(listed), "", "Options:", ...OPTIONS, "", EXIT_CODES_LINE],
});

/** `frontdesk policy <sub-command> --help`. */
export function policySubCommandUsage(sub: PolicySubCommand): string {
  const { synopsis, lines, where = "Talks to the running central over HTTP." } = SUB_COMMAND_HELP[sub];
  const about = lines.map((line, index) => (index === 0 ? `${line.charAt(0).toUpperCase()}${line.slice(1)}` : line));
  return formatUsage({
    usage: [`frontdesk policy ${synopsis} [options]`],
    about: [...about.slice(0, -1), `${about.at(-1) ?? ""}.`, where],
    options: OPTIONS,
    notes: [EXIT_CODES_LINE],
  });
}
