import type { EventStore } from "../event-store/event-store.js";
import type { Subscriber } from "../subscriptions/subscription.js";
import { conversationStateProjection } from "./conversation-state/conversation-state-projection.js";
import { customerSummaryProjection } from "./customer-summary/customer-summary-projection.js";
import type { ProjectionName } from "./keyed-projection.js";
import type { ProjectionStorage } from "./projection-storage.js";
import { createProjectionSubscriber, type ProjectionSubscriberOptions } from "./projection-subscriber.js";
import { rebuildProjection, type RebuildDeps, type RebuildResult } from "./rebuild-projection.js";

/** Every projection central keeps, by name (the names of `frontdesk replay --projection`). */
export const PROJECTION_NAMES: readonly ProjectionName[] = ["customer-summary", "conversation-state"];

/** True when `name` names a projection. */
export function isProjectionName(name: string): name is ProjectionName {
  return (PROJECTION_NAMES as readonly string[]).includes(name);
}

/** The live subscriber of a projection. */
export function projectionSubscriber(
  name: ProjectionName,
  storage: ProjectionStorage,
  options: ProjectionSubscriberOptions = {},
): Subscriber {
  return name === "customer-summary"
    ? createProjectionSubscriber(customerSummaryProjection, storage, options)
    : createProjectionSubscriber(conversationStateProjection, storage, options);
}

/** Rebuilds the named projection from position 0 (see {@link rebuildProjection}). */
export function rebuildNamedProjection(
  name: ProjectionName,
  deps: RebuildDeps & { eventStore: Pick<EventStore, "readAll" | "headPosition"> },
): Promise<RebuildResult> {
  return name === "customer-summary"
    ? rebuildProjection(customerSummaryProjection, deps)
    : rebuildProjection(conversationStateProjection, deps);
}
