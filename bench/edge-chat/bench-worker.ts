/**
 * Benchmark Worker: the real edge Worker plus a bare Hono route in the SAME isolate, so the baseline and the
 * measured path share workerd, wrangler's proxy and the loopback network.
 */
import { Hono } from "hono";
import edge from "../../edge/index.js";

const bare = new Hono().post("/__bench/bare", (c) => c.json({ ok: true }));

export default {
  fetch(request, env, ctx) {
    if (new URL(request.url).pathname === "/__bench/bare") return bare.fetch(request, env, ctx);
    return edge.fetch(request, env, ctx);
  },
  queue: (batch, env) => edge.queue(batch, env),
} satisfies ExportedHandler<Env>;
