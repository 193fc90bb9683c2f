import type { ActivationResponse, PolicyVersionsResponse } from "../../../shared/policy-admin-api.js";
import type { AuditReport } from "../../../shared/policy/audit-record.js";
import type { PolicyChange } from "../engine/diff-policies.js";

/** `policy list` as text. */
export function describeVersions(listing: PolicyVersionsResponse): string {
  const lines = [`tenant ${listing.tenantId}: active version ${listing.activeVersion ?? "none"}`];
  for (const version of listing.versions) {
    const dryRun = version.dryRun
      ? `, dry-run: ${version.dryRun.changed} of ${version.dryRun.sampled} decisions would change`
      : "";
    const description = version.description ? `  — ${version.description}` : "";
    const marker = version.active ? "*" : " ";
    lines.push(
      `  ${marker} v${version.version}  pushed ${version.pushedAt} by ${version.pushedBy}${dryRun}${description}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** An activation or rollback as text, including whether the edge cache got the snapshot. */
export function describeActivation(activation: ActivationResponse, verb: string): string {
  const was = activation.previousVersion === null ? "" : ` (was v${activation.previousVersion})`;
  const what = activation.changed
    ? `${verb}: tenant ${activation.tenantId} now runs policy v${activation.activeVersion}${was}`
    : `tenant ${activation.tenantId} already runs policy v${activation.activeVersion}; nothing recorded`;
  const edge = activation.published.ok
    ? "snapshot published to the edge cache"
    : `NOT published to the edge cache: ${activation.published.message} (activate the same version again to republish)`;
  return `${what}\n${edge}\n`;
}

/** Differences between two documents as text. */
export function describeChanges(changes: readonly PolicyChange[]): string {
  if (changes.length === 0) return "no differences\n";
  const sign = (kind: PolicyChange["kind"]) => (kind === "added" ? "+" : kind === "removed" ? "-" : "~");
  return `${changes.map((change) => `${sign(change.kind)} ${change.path}: ${change.description}`).join("\n")}\n`;
}

/** A verdict with its approval unless automatic: `allow/two_humans`. */
function describeOutcome(outcome: { verdict: string; approval?: string | null }): string {
  return `${outcome.verdict}${outcome.approval && outcome.approval !== "automatic" ? `/${outcome.approval}` : ""}`;
}

/** An audit (or a push's dry-run) as text: counts, then one line per changed decision. */
export function describeAudit(
  report: Partial<AuditReport> & { examined: number; changed: number; differences: readonly object[] },
): string {
  const breakdown =
    report.stricter === undefined
      ? ""
      : ` (${report.stricter} stricter, ${report.looser} looser; ` +
        `${report.executedNowDenied} executed actions now denied)`;
  const lines = [`would change ${report.changed} of ${report.examined} recorded decisions${breakdown}`];
  for (const difference of report.differences as AuditReport["differences"]) {
    const amount =
      difference.proposal.amountMinor == null
        ? ""
        : ` ${difference.proposal.amountMinor} ${difference.proposal.currency ?? ""}`.trimEnd();
    const before = describeOutcome(difference.before);
    const after = describeOutcome(difference.after);
    const compensation = difference.compensation
      ? `; compensate: ${difference.compensation.action} — ${difference.compensation.note}`
      : "";
    lines.push(
      `  ${difference.actionId ?? difference.eventId} ${difference.proposal.type}${amount}: ${before} → ${after}` +
        ` [${difference.after.ruleIds.join(", ")}]${difference.executed ? " (executed)" : ""}${compensation}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
