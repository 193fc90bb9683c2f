import type { PolicyOrder } from "../../../shared/policy/policy-context.js";
import type { OrderLookup } from "../pipeline/pipeline-ports.js";

/** An order known to the in-memory lookup, with whose it is. */
export interface KnownOrder extends PolicyOrder {
  tenantId: string;
  customerId: string;
}

/**
 * An in-memory {@link OrderLookup} (until an order-system adapter exists): finds only the orders given, and only for
 * their own customer — an order id the model names for someone else's order is unknown.
 */
export function createInMemoryOrderLookup(orders: readonly KnownOrder[] = []): OrderLookup {
  return {
    async order(tenantId, customerId, orderId) {
      const found = orders.find(
        (order) => order.tenantId === tenantId && order.customerId === customerId && order.orderId === orderId,
      );
      return found ? { orderId: found.orderId, placedAt: found.placedAt, totalMinor: found.totalMinor } : null;
    },
  };
}
