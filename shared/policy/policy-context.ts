import { z } from "zod";
import type { CustomerSummary } from "../customer-summary.js";
import { idSchema, timestampSchema } from "../ids.js";
import type { PolicyActionType } from "./action-types.js";
import type { PolicyDocument } from "./policy-document.js";

const count = z.number().int().min(0);
const minor = z.number().int().min(0);

/** What the policy knows about the customer (from the customer summary). */
export const policyCustomerSchema = z.object({
  /** The customer's tier (`profile.tier`), null when unknown. */
  tier: z.string().nullable(),
  /** Refunds the customer has had so far (`counts.refunds`). */
  priorRefunds: count,
  /** Risk markers, e.g. `open_escalation`, `chargeback`, `fraud_suspected`. */
  riskFlags: z.array(z.string().min(1).max(64)),
});

/** What the policy knows about the customer. */
export type PolicyCustomer = z.infer<typeof policyCustomerSchema>;

/** The order a proposal concerns, from a trusted source (never from the model). */
export const policyOrderSchema = z.object({
  orderId: idSchema,
  /** When the order was placed; null when unknown (an order-age condition then counts as holding). */
  placedAt: timestampSchema.nullable(),
  /** The order's total in minor units, in the policy's currency; null when unknown. */
  totalMinor: minor.nullable(),
});

/** The order a proposal concerns. */
export type PolicyOrder = z.infer<typeof policyOrderSchema>;

/**
 * Usage the limits compare against, counting actions approved (automatically or by humans) and not reversed:
 * `customerPeriod*` are this customer's actions of the proposal's type in the rolling window of
 * {@link customerUsageWindowDays} ending at `now`; `tenantDayTotalMinor` is the tenant's monetary actions on `now`'s
 * UTC day.
 */
export const policyUsageSchema = z.object({
  customerPeriodCount: count,
  customerPeriodTotalMinor: minor,
  tenantDayTotalMinor: minor,
});

/** Usage the limits compare against. */
export type PolicyUsage = z.infer<typeof policyUsageSchema>;

/** Everything besides the proposal that a decision depends on; the clock is a field, so evaluation stays pure. */
export const policyContextSchema = z.object({
  tenantId: idSchema,
  customerId: idSchema,
  /**
   * False when the channel does not vouch for `customerId` (an anonymous or unverified web visitor); absent (contexts
   * recorded before this field) means verified.
   */
  customerVerified: z.boolean().optional(),
  now: timestampSchema,
  customer: policyCustomerSchema,
  order: policyOrderSchema.nullable(),
  usage: policyUsageSchema,
});

/** Everything besides the proposal that a decision depends on. */
export type PolicyContext = z.infer<typeof policyContextSchema>;

/** Days in the rolling per-customer usage window for an action type: its `perCustomer.periodDays`, else 30. */
export function customerUsageWindowDays(policy: PolicyDocument, type: PolicyActionType): number {
  return policy.actions[type]?.perCustomer?.periodDays ?? DEFAULT_USAGE_WINDOW_DAYS;
}

/** The per-customer usage window when an action sets no `perCustomer` limit. */
export const DEFAULT_USAGE_WINDOW_DAYS = 30;

/** The customer facts a policy reads, taken from a customer summary (`open_escalation` becomes a risk flag). */
export function policyCustomerFromSummary(
  summary: CustomerSummary | null,
  extraRiskFlags: readonly string[] = [],
): PolicyCustomer {
  const riskFlags = [...extraRiskFlags];
  if (summary?.flags.openEscalation) riskFlags.push("open_escalation");
  return { tier: summary?.profile.tier ?? null, priorRefunds: summary?.counts.refunds ?? 0, riskFlags };
}
