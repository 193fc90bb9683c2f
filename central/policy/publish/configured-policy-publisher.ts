import type { CentralConfig } from "../../config.js";
import { createInMemoryPolicySnapshotPublisher } from "./in-memory-policy-snapshot-publisher.js";
import type { PolicySnapshotPublisher } from "./policy-snapshot-publisher.js";
import { createUpstashPolicySnapshotPublisher } from "./upstash-policy-snapshot-publisher.js";

/** The policy snapshot publisher for central's configured edge cache (the same Upstash as customer summaries). */
export function policyPublisherFor(config: CentralConfig): { publisher: PolicySnapshotPublisher; shared: boolean } {
  const settings = config.summaryCache;
  if (settings.kind === "upstash")
    return {
      publisher: createUpstashPolicySnapshotPublisher({ redis: { url: settings.url, token: settings.token } }),
      shared: true,
    };
  return { publisher: createInMemoryPolicySnapshotPublisher(), shared: false };
}
