/** Where a dev server listens and the token it wants. */
export interface DevServerEndpoint {
  url: string;
  token: string;
}

/** What the workerd project's global setup hands the edge tests through `provide`/`inject`. */
export interface UpstashDevServers {
  /** Dev server on the memory backend (always started). */
  memory: DevServerEndpoint;
  /** Dev server on the redis backend, or null when Redis is not reachable (never under CI=true). */
  redis: DevServerEndpoint | null;
  redisSkipReason: string | null;
  /** Prefix for every key the tests write; the global teardown deletes them from Redis. */
  keyPrefix: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    upstashDevServers: UpstashDevServers;
  }
}
