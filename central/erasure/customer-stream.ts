/** The event stream of one customer: `customer:<tenantId>:<customerId>` (ids cannot contain ':'). */
export function customerStream(tenantId: string, customerId: string): string {
  return `customer:${tenantId}:${customerId}`;
}
