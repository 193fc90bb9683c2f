import autocannon from "autocannon";

/** Throughput and latency of one load run. */
export interface LoadFigures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
}

/** Drives `url` with autocannon for `seconds` using `connections` concurrent connections. */
export async function load(options: {
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  /** A fresh body per request (e.g. unique message ids); overrides `body`. */
  makeBody?: () => string;
  connections: number;
  seconds: number;
}): Promise<LoadFigures> {
  const result = await autocannon({
    url: options.url,
    method: options.method ?? "GET",
    headers: options.headers,
    body: options.body,
    ...(options.makeBody
      ? { requests: [{ setupRequest: (request) => ({ ...request, body: options.makeBody!() }) }] }
      : {}),
    connections: options.connections,
    duration: options.seconds,
  });
  return {
    requestsPerSecond: round(result.requests.total / options.seconds),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/** Rounds to two decimals. */
export function round(value: number): number {
  return Math.round(value * 100) / 100;
}
