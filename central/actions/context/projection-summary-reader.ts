import type { ProjectionScope } from "../../projections/projection-storage.js";
import {
  customerSummaryStateSchema,
  toCustomerSummary,
} from "../../projections/customer-summary/customer-summary-projection.js";
import { keyString } from "../../projections/keyed-projection.js";
import type { CustomerSummaryReader } from "../pipeline/pipeline-ports.js";

/** Reads customer summaries from the customer-summary projection's table (null for a customer it has not seen). */
export function createProjectionSummaryReader(storage: Pick<ProjectionScope, "table">): CustomerSummaryReader {
  return {
    async summary(tenantId, customerId) {
      const key = { tenantId, id: customerId };
      const rows = await storage.table("customer-summary").load([key]);
      const state = rows.get(keyString(key));
      if (state === undefined) return null;
      const parsed = customerSummaryStateSchema.safeParse(state);
      return parsed.success ? toCustomerSummary(parsed.data) : null;
    },
  };
}
