import { Hono } from "hono";
import { z } from "zod";
import { requireAdminScope, type AdminAuth } from "../auth/index.js";
import type { ConversationTimelineResponse } from "../../shared/admin-api.js";
import type { EventEnvelope } from "../../shared/event-envelope.js";
import type { CorrelationIdEnv as CentralEnv } from "../../shared/http/correlation-id/index.js";
import { idSchema } from "../../shared/ids.js";
import { problem, ProblemError, zodIssues } from "../../shared/problem-details.js";
import type { EventStore } from "../event-store/event-store.js";
import { readStreamOrEmpty } from "../event-store/read-stream-events.js";
import { conversationStreamName, customerStreamName } from "../event-store/stream-name.js";
import { readRouteParams } from "./route-params.js";
import { buildConversationTimeline, causesToLookUp, customersOf } from "../timeline/conversation-timeline.js";

/** Most entries one timeline page holds. */
export const MAX_TIMELINE_PAGE = 1000;

const paramsSchema = z.object({ tenantId: idSchema, conversationId: idSchema });
const querySchema = z.object({
  fromVersion: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(MAX_TIMELINE_PAGE).default(200),
});

/** What the timeline route needs: the event store that decrypts personal fields (the encrypting decorator). */
export interface TimelineRoutesDeps {
  /** Admin authentication (scope `read`). */
  auth: AdminAuth;
  eventStore: EventStore;
}

/**
 * `GET /v1/admin/tenants/:tenantId/conversations/:conversationId/timeline[?fromVersion&limit]` (admin token, scope
 * `read`):
 * the conversation's events in order with correlation/causation links, resolved causes and provenance.
 */
export function timelineRoutes(deps: TimelineRoutesDeps): Hono<CentralEnv> {
  return new Hono<CentralEnv>().get(
    "/v1/admin/tenants/:tenantId/conversations/:conversationId/timeline",
    requireAdminScope(deps.auth, "read"),
    async (c) => {
      const { tenantId, conversationId } = readRouteParams(c, paramsSchema, "tenant or conversation id");
      const page = querySchema.safeParse(c.req.query());
      if (!page.success) {
        throw new ProblemError(
          problem("validation_failed", `Invalid page: fromVersion ≥ 1, limit 1–${MAX_TIMELINE_PAGE}.`, {
            issues: zodIssues(page.error),
          }),
        );
      }
      const stream = conversationStreamName(tenantId, conversationId);
      const events = await readStreamOrEmpty(deps.eventStore, stream);
      if (events.length === 0) {
        throw new ProblemError(
          problem("not_found", `No events for conversation ${conversationId} of tenant ${tenantId}.`),
        );
      }
      const customers = customersOf(events).filter((customerId) => idSchema.safeParse(customerId).success);
      const related = (
        await Promise.all(
          customers.map((customerId) => readStreamOrEmpty(deps.eventStore, customerStreamName(tenantId, customerId))),
        )
      ).flat();
      const erasures = related.filter((event) => event.type === "customer.erased");
      // Causes recorded elsewhere (another stream), looked up one by one for the page shown; never another tenant's.
      const elsewhere = await Promise.all(
        causesToLookUp(events, related, page.data).map((eventId) => deps.eventStore.readEvent(eventId)),
      );
      related.push(
        ...elsewhere.filter((event): event is EventEnvelope => event !== null && event.metadata.tenantId === tenantId),
      );
      const body: ConversationTimelineResponse = buildConversationTimeline({
        tenantId,
        conversationId,
        stream,
        events,
        related,
        erasures,
        page: page.data,
      });
      return c.json(body);
    },
  );
}
