import { streamName } from "../event-store/stream-name.js";

/** The event stream of one customer: `customer:<tenantId>:<customerId>` (profile updates, `customer.erased`). */
export function customerStream(tenantId: string, customerId: string): string {
  return streamName("customer", tenantId, customerId);
}
