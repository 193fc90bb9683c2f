import { readFile } from "node:fs/promises";
import { err, ok, type Result } from "../../../shared/result.js";
import { describeFailure, type PolicyAdminClient } from "./policy-admin-client.js";

/** The policy `npm start` seeds for tenant demo. */
export const DEMO_POLICY_FILE = new URL("../../../shared/policy/examples/default-policy.json", import.meta.url);

/** What seeding did. */
export type SeedOutcome =
  { seeded: true; version: number; published: boolean } | { seeded: false; activeVersion: number; published: boolean };

/**
 * Makes sure the document's tenant runs a policy: when none is active, pushes the document (an identical earlier
 * push is fine) and activates it; when one is active, leaves it and activates it again, which records nothing but
 * republishes its snapshot (the dev server's in-memory edge cache starts empty on every `npm start`).
 */
export async function seedPolicy(
  client: PolicyAdminClient,
  document: unknown,
): Promise<Result<SeedOutcome, { code: "seed_failed"; message: string }>> {
  const tenantId =
    typeof document === "object" && document !== null ? (document as { tenantId?: unknown }).tenantId : undefined;
  if (typeof tenantId !== "string") return err({ code: "seed_failed", message: "the seed document names no tenantId" });
  const failed = (what: string, failure: Parameters<typeof describeFailure>[0]) =>
    err({ code: "seed_failed" as const, message: `${what}: ${describeFailure(failure)}` });

  const listing = await client.list(tenantId);
  if (!listing.ok) return failed("listing policies", listing.error);
  const active = listing.value.activeVersion;
  if (active !== null) {
    const republished = await client.activate(tenantId, active, "republished at start-up");
    if (!republished.ok) return failed(`republishing v${active}`, republished.error);
    return ok({ seeded: false, activeVersion: active, published: republished.value.published.ok });
  }
  const pushed = await client.push(tenantId, document);
  if (!pushed.ok) return failed("pushing the seed policy", pushed.error);
  const activated = await client.activate(tenantId, pushed.value.version, "seeded at start-up");
  if (!activated.ok) return failed(`activating v${pushed.value.version}`, activated.error);
  return ok({ seeded: true, version: pushed.value.version, published: activated.value.published.ok });
}

/** Reads the demo policy shipped with the project. */
export async function readDemoPolicy(): Promise<unknown> {
  return JSON.parse(await readFile(DEMO_POLICY_FILE, "utf8"));
}
