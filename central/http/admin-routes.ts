import { Hono } from "hono";
import { z } from "zod";
import { requireAdminScope, type AdminAuth } from "../auth/index.js";
import type { ConversationEventsResponse } from "../../shared/admin-api.js";
import { idSchema } from "../../shared/ids.js";
import { problem, ProblemError } from "../../shared/problem-details.js";
import type { EventStore } from "../event-store/event-store.js";
import { conversationStreamName } from "../event-store/stream-name.js";
import { readRouteParams } from "./route-params.js";
import type { CorrelationIdEnv as CentralEnv } from "../../shared/http/correlation-id/index.js";

const conversationParamsSchema = z.object({ tenantId: idSchema, conversationId: idSchema });

/** What the admin routes need. */
export interface AdminRoutesDeps {
  /** Admin authentication (scope `read`). */
  auth: AdminAuth;
  eventStore: EventStore;
}

/** The admin API under `/v1/admin` (admin token, scope `read`): reading a conversation's events. */
export function adminRoutes(deps: AdminRoutesDeps): Hono<CentralEnv> {
  return new Hono<CentralEnv>().get(
    "/v1/admin/tenants/:tenantId/conversations/:conversationId/events",
    requireAdminScope(deps.auth, "read"),
    async (c) => {
      const { tenantId, conversationId } = readRouteParams(c, conversationParamsSchema, "tenant or conversation id");
      const stream = conversationStreamName(tenantId, conversationId);
      const events = await deps.eventStore.readStream(stream);
      if (!events.ok) {
        throw new ProblemError(
          problem("not_found", `No events for conversation ${conversationId} of tenant ${tenantId}.`),
        );
      }
      const body: ConversationEventsResponse = { tenantId, conversationId, stream, events: events.value };
      return c.json(body);
    },
  );
}
