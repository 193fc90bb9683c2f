import { Hono } from "hono";
import { z } from "zod";
import { requireAdminScope, type AdminAuth } from "../auth/index.js";
import { erasureRequestSchema, type ErasureReport } from "../../shared/admin-api.js";
import type { CorrelationIdEnv as CentralEnv } from "../../shared/http/correlation-id/index.js";
import { idSchema } from "../../shared/ids.js";
import { problem, ProblemError } from "../../shared/problem-details.js";
import type { ErasureService } from "../erasure/erasure-service.js";
import { readJsonBody } from "./json-body.js";
import { readRouteParams } from "./route-params.js";

const customerParamsSchema = z.object({ tenantId: idSchema, customerId: idSchema });

/** Who an erasure is attributed to when the body does not say. */
export const DEFAULT_ERASURE_REQUESTER = "admin-api";

/** What the erasure route needs. */
export interface ErasureRoutesDeps {
  /** Admin authentication (scope `erasure:write`). */
  auth: AdminAuth;
  erasure: ErasureService;
}

/**
 * `POST /v1/admin/tenants/:tenantId/customers/:customerId/erasure` (admin token, scope `erasure:write`, body `{ reason,
 * requestedBy? }`): crypto-shreds the customer's personal data and answers the report; repeating it is safe
 * (`alreadyErased: true`) and finishes an erasure a failure interrupted. A body or path the log cannot record (text
 * the database cannot store included) is 400 `validation_failed` with nothing done; a cache that cannot be cleared is
 * 502 `upstream_failed` (retry).
 */
export function erasureRoutes(deps: ErasureRoutesDeps): Hono<CentralEnv> {
  return new Hono<CentralEnv>().post(
    "/v1/admin/tenants/:tenantId/customers/:customerId/erasure",
    requireAdminScope(deps.auth, "erasure:write"),
    async (c) => {
      const params = readRouteParams(c, customerParamsSchema, "tenant or customer id");
      const body = await readJsonBody(c, erasureRequestSchema);
      const result = await deps.erasure.erase({
        ...params,
        reason: body.reason,
        requestedBy: body.requestedBy ?? DEFAULT_ERASURE_REQUESTER,
        correlationId: c.get("correlationId"),
      });
      if (!result.ok && result.error.code === "invalid_erasure_request")
        throw new ProblemError(
          problem("validation_failed", "The erasure cannot be recorded as asked.", { issues: result.error.issues }),
        );
      if (!result.ok) throw new ProblemError(problem("upstream_failed", result.error.message));
      const report: ErasureReport = result.value;
      return c.json(report);
    },
  );
}
