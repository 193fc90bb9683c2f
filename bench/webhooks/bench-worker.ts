/**
 * Benchmark Worker for `npm run bench -- webhooks`: the real edge Worker (webhook routes and channel queue consumer)
 * plus a bare Hono route in the SAME isolate, so the baseline and the measured path share workerd, wrangler's proxy and
 * the loopback network.
 */
import { Hono } from "hono";
import edge from "../../edge/index.js";

const bare = new Hono().post("/__bench/bare", async (c) => {
  await c.req.arrayBuffer();
  return c.body(null, 200);
});

export default {
  fetch(request, env, ctx) {
    if (new URL(request.url).pathname === "/__bench/bare") return bare.fetch(request, env, ctx);
    return edge.fetch(request, env, ctx);
  },
  queue(batch, env) {
    return edge.queue(batch, env);
  },
} satisfies ExportedHandler<Env>;
