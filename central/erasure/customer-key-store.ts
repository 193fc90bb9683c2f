/** A customer's unwrapped data key, held in memory only for the duration of one operation. */
export interface CustomerKey {
  tenantId: string;
  customerId: string;
  /** 32 random bytes (AES-256). */
  key: Buffer;
  /** Short public id of the key, written into every ciphertext so a replaced key is told apart from tampering. */
  keyId: string;
}

/** Which customer a key belongs to. */
export interface CustomerRef {
  tenantId: string;
  customerId: string;
}

/**
 * Per-customer data keys, stored wrapped by the master key. Destroying a key crypto-shreds every personal field
 * encrypted with it: this is how erasure works without updating or deleting events.
 */
export interface CustomerKeyStore {
  /** The customer's key, created when absent; concurrent callers (any process) all end with the same single key. */
  getOrCreate(tenantId: string, customerId: string): Promise<CustomerKey>;
  /** The customer's key, or null when it never existed or was destroyed. */
  get(tenantId: string, customerId: string): Promise<CustomerKey | null>;
  /**
   * The keys of many customers in one round trip, in the order asked (null where none); for reading pages of the log.
   */
  getMany(owners: readonly CustomerRef[]): Promise<(CustomerKey | null)[]>;
  /**
   * Destroys the key; idempotent (`destroyed: false` when there was none). With `keyId`, only while the customer's key
   * is still that one (a key created since, for a returning customer, is kept: `destroyed: false`).
   */
  destroy(tenantId: string, customerId: string, options?: { keyId?: string }): Promise<{ destroyed: boolean }>;
}
