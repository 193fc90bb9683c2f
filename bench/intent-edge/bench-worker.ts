/**
 * Benchmark Worker for `intent-edge`: the edge's intent classifier (shipped model, same adapter and runtime as the
 * edge) behind bare Hono routes, next to a route that does nothing, in the same workerd.
 */
import { Hono } from "hono";
import { createTransformersIntentClassifier } from "../../edge/intent/transformers-intent-classifier.js";
import type { IntentClassifier } from "../../edge/intent/intent-classifier.js";
import { modelBundle } from "../../edge/intent/model-bundle.js";
import { BUNDLED_MODELS } from "../../edge/models/bundled-models.js";

const TEXTS = [
  "what is the balance in my checking account",
  "please freeze my account right now",
  "hello there",
  "how do I set up direct deposit",
  "can you tell me a joke",
  "how many moons does jupiter have",
  "my card was declined at the store, why",
  "i want to transfer 200 dollars to my savings",
];

let classifier: IntentClassifier | undefined;
let coldLoadMs: number | null = null;

/** The isolate's classifier; the first call's time (import + model load + one classification) is kept as cold load. */
async function classify(text: string) {
  if (!classifier) {
    const folder = BUNDLED_MODELS[0];
    const bundle = folder ? modelBundle(folder.modules) : null;
    if (!bundle?.ok) throw new Error("no bundled model");
    classifier = createTransformersIntentClassifier({ bundle: bundle.value });
    const started = performance.now();
    const first = await classifier.classify(text);
    coldLoadMs = performance.now() - started;
    return first;
  }
  return classifier.classify(text);
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

const app = new Hono();
app.get("/healthz", (c) => c.json({ status: "ok" }));
app.post("/__bench/bare", (c) => c.json({ ok: true }));
app.post("/__bench/classify", async (c) => {
  const { text } = await c.req.json<{ text: string }>();
  const result = await classify(text);
  return result.ok ? c.json(result.value) : c.json(result.error, 503);
});
/**
 * N classifications in a loop. workerd's clock ticks in whole milliseconds, so latency is measured per batch of
 * `batch` calls (p50/p99 of the per-call mean within each batch); throughput from the whole loop.
 */
app.get("/__bench/in-worker", async (c) => {
  const n = Number(c.req.query("n") ?? "2000");
  const batch = Number(c.req.query("batch") ?? "50");
  await classify(TEXTS[0] ?? "hi");
  const perCall: number[] = [];
  const started = performance.now();
  for (let done = 0; done < n; done += batch) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) {
      const result = await classify(TEXTS[(done + i) % TEXTS.length] ?? "hi");
      if (!result.ok) return c.json(result.error, 503);
    }
    perCall.push((performance.now() - t0) / batch);
  }
  const totalMs = performance.now() - started;
  perCall.sort((a, b) => a - b);
  const calls = perCall.length * batch;
  return c.json({
    n: calls,
    batch,
    total_ms: totalMs,
    per_second: totalMs > 0 ? (calls * 1000) / totalMs : null,
    mean_us: (totalMs * 1000) / calls,
    p50_us: quantile(perCall, 0.5) * 1000,
    p99_us: quantile(perCall, 0.99) * 1000,
    cold_load_ms: coldLoadMs,
  });
});

export default app;
