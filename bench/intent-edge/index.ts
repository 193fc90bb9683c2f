import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../tools/cli/run-cli.js";
import { INTENTS_PROGRAM } from "../../intents/intents-program.js";
import { DEFAULT_MODEL_RECIPE } from "../../intents/build-default-model.js";
import { startProcess } from "../../scripts/stack/child-process.js";
import { freePort } from "../../scripts/stack/free-port.js";
import { REPO_ROOT } from "../../scripts/stack/start-stack.js";
import { waitHealthy } from "../../scripts/stack/wait-healthy.js";
import { numberArg } from "../bench-args.js";
import type { Benchmark, Metrics } from "../benchmark.js";
import { load, round, type LoadFigures } from "../load.js";
import { measureBundle } from "./bundle-size.js";

const CONNECTIONS = 10;
const SECONDS = 5;
const IN_WORKER_N = 5000;
const DATASETS = join(REPO_ROOT, DEFAULT_MODEL_RECIPE.datasets);

type InWorker = {
  n: number;
  batch: number;
  per_second: number;
  mean_us: number;
  p50_us: number;
  p99_us: number;
  cold_load_ms: number;
};

/**
 * `intent-edge`: the edge intent classifier inside workerd (in-Worker and over HTTP vs a bare route) + evaluator
 * figures.
 */
const intentEdge: Benchmark = {
  description:
    "edge intent classifier (shipped model, transformers.js on onnxruntime-web) in workerd via wrangler dev: " +
    `cold load, ${IN_WORKER_N} in-Worker classifications, HTTP ${CONNECTIONS} connections × ${SECONDS} s ` +
    "vs a bare route; the edge Worker's upload size (raw and gzip); " +
    "then the evaluator on CLINC150 val and Banking77 held-out (--no-eval skips it)",
  async run({ progress, args }) {
    const seconds = numberArg(args, "seconds", SECONDS);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    progress(`starting the bench Worker (wrangler dev) on ${url} …`);
    const worker = startProcess({
      name: "intent-bench",
      command: process.execPath,
      args: [
        "node_modules/wrangler/bin/wrangler.js",
        "dev",
        "--config",
        "bench/intent-edge/wrangler.bench.toml",
        "--ip",
        "127.0.0.1",
        "--port",
        String(port),
        "--inspector-port",
        String(await freePort()),
        "--show-interactive-dev-session=false",
      ],
      cwd: REPO_ROOT,
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" },
    });
    let figures: Metrics;
    try {
      const healthy = await waitHealthy({
        url: `${url}/healthz`,
        exited: () => worker.exitReason(),
        timeoutMs: 90_000,
      });
      if (!healthy.ok) throw new Error(`the bench Worker did not start: ${healthy.reason}\n${worker.tail(20)}`);
      figures = await measure(url, seconds, progress);
    } finally {
      await worker.stop();
    }
    progress("measuring the edge Worker's upload (wrangler deploy --dry-run --outdir, gzip -9) …");
    const bundle = await measureBundle(REPO_ROOT, "wrangler.toml");
    progress(
      `edge bundle: ${bundle.files} files, ${(bundle.bytes / 1e6).toFixed(2)} MB, ` +
        `${(bundle.gzip_bytes / 1e6).toFixed(2)} MB gzip (paid-plan limit 10 MB compressed)`,
    );
    const evaluation = args.includes("--no-eval") ? { note: "skipped (--no-eval)" } : await evaluate(progress);
    return { ...figures, edge_bundle_bytes: bundle.bytes, edge_bundle_gzip_bytes: bundle.gzip_bytes, ...evaluation };
  },
};

async function measure(url: string, seconds: number, progress: (m: string) => void): Promise<Metrics> {
  const json = { "Content-Type": "application/json" };
  const coldStarted = performance.now();
  const cold = await fetch(`${url}/__bench/classify`, {
    method: "POST",
    headers: json,
    body: JSON.stringify({ text: "hello there" }),
  });
  const coldHttpMs = performance.now() - coldStarted;
  if (!cold.ok) throw new Error(`the model did not load in workerd: ${await cold.text()}`);
  progress(`cold first classification over HTTP: ${coldHttpMs.toFixed(0)} ms`);

  const inWorker = async (): Promise<InWorker> =>
    (await (await fetch(`${url}/__bench/in-worker?n=${IN_WORKER_N}`)).json()) as InWorker;
  await inWorker();
  const warm = await inWorker();
  progress(
    `in-Worker: ${warm.per_second.toFixed(0)} classifications/s, mean ${warm.mean_us.toFixed(0)} µs, ` +
      `p50 ${warm.p50_us.toFixed(0)} µs, p99 ${warm.p99_us.toFixed(0)} µs`,
  );

  const body = JSON.stringify({ text: "what is the balance in my checking account" });
  const run = async (label: string, path: string): Promise<LoadFigures> => {
    await load({ url: `${url}${path}`, method: "POST", headers: json, body, connections: CONNECTIONS, seconds: 1 });
    const f = await load({
      url: `${url}${path}`,
      method: "POST",
      headers: json,
      body,
      connections: CONNECTIONS,
      seconds,
    });
    progress(`${label}: ${f.requestsPerSecond} req/s, p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms`);
    if (f.non2xx > 0 || f.errors > 0)
      throw new Error(`${label}: ${f.non2xx} non-2xx and ${f.errors} errors — not a valid run`);
    return f;
  };
  const bare = await run("bare route", "/__bench/bare");
  const classify = await run("POST classify", "/__bench/classify");
  return {
    cold_first_request_ms: round(coldHttpMs),
    cold_load_in_worker_ms: round(warm.cold_load_ms),
    in_worker_n: warm.n,
    in_worker_per_second: round(warm.per_second),
    in_worker_mean_us: round(warm.mean_us),
    in_worker_p50_us: round(warm.p50_us),
    in_worker_p99_us: round(warm.p99_us),
    in_worker_timing: `workerd's clock ticks in ms: p50/p99 are per-call means over batches of ${warm.batch}`,
    connections: CONNECTIONS,
    seconds,
    bare_rps: bare.requestsPerSecond,
    bare_p50_ms: bare.p50Ms,
    bare_p99_ms: bare.p99Ms,
    classify_rps: classify.requestsPerSecond,
    classify_p50_ms: classify.p50Ms,
    classify_p99_ms: classify.p99Ms,
    ratio_classify_to_bare_rps: round(classify.requestsPerSecond / bare.requestsPerSecond),
    ratio_classify_to_bare_p50: bare.p50Ms > 0 ? round(classify.p50Ms / bare.p50Ms) : null,
  };
}

/**
 * Runs the evaluator (one JSON line each): the shipped model on CLINC150 val; a Banking77 model (seed 1) on its
 * held-out 10%.
 */
async function evaluate(progress: (m: string) => void): Promise<Metrics> {
  const clinc = join(DATASETS, DEFAULT_MODEL_RECIPE.data);
  const banking = join(DATASETS, "banking77", "train.csv");
  const lastJson = async (argv: string[]): Promise<Record<string, number | null>> => {
    const out: string[] = [];
    const code = await runCli(INTENTS_PROGRAM, argv, { env: {}, stdout: (t) => void out.push(t), stderr: () => {} });
    const line = out.at(-1);
    if (code !== 0 || !line) throw new Error(`intents ${argv.join(" ")} failed (exit ${code})`);
    return JSON.parse(line) as Record<string, number | null>;
  };
  const pick = (r: Record<string, number | null>) => {
    const keys = [
      "in_scope_accuracy",
      "oos_recall",
      "oos_precision",
      "macro_f1",
      "p50_ms",
      "p99_ms",
      "model_bytes",
      "n",
    ] as const;
    return Object.fromEntries(keys.map((k) => [k, r[k] ?? null]));
  };
  const result: Metrics = {};
  if (existsSync(clinc)) {
    progress("evaluator: shipped model on CLINC150 val …");
    result.eval_clinc150_val = pick(
      await lastJson(["eval", "--data", clinc, "--model", join(REPO_ROOT, DEFAULT_MODEL_RECIPE.out)]),
    );
  } else {
    result.eval_clinc150_val = `not run: ${clinc} is absent`;
  }
  if (existsSync(banking)) {
    const dir = await mkdtemp(join(tmpdir(), "frontdesk-banking77-"));
    try {
      progress("evaluator: training a Banking77 model (seed 1) and evaluating its held-out 10% …");
      await lastJson(["train", "--data", banking, "--out", dir, "--seed", "1"]);
      result.eval_banking77_heldout = pick(await lastJson(["eval", "--data", banking, "--model", dir]));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  } else {
    result.eval_banking77_heldout = `not run: ${banking} is absent`;
  }
  return result;
}

export default intentEdge;
