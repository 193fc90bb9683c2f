import { performance } from "node:perf_hooks";
import {
  createPolicyAdminClient,
  describeFailure,
  type PolicyAdminClient,
} from "../../central/policy/cli/policy-admin-client.js";
import { chatReplySchema } from "../../shared/chat-api.js";
import type { PolicyDocumentInput } from "../../shared/policy/policy-document.js";
import type { Benchmark, Metrics } from "../benchmark.js";
import { withOfflineStack } from "../offline-stack.js";

const TENANT = "bench-policy";
const ACTIVATIONS = 15;
const BASELINE_CHATS = 30;

/** A valid policy whose edge greeting names its version (what the edge answers tells which version decided). */
function policy(version: number): PolicyDocumentInput {
  return {
    tenantId: TENANT,
    version,
    currency: "EUR",
    actions: { handoff: { approval: "automatic" } },
    edge: { answers: { greeting: `Hello from policy v${version}` }, handoffIntents: ["report_fraud"] },
  };
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

function summary(values: readonly number[]): { p50: number; p95: number; max: number; mean: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    p50: round(quantile(sorted, 0.5)),
    p95: round(quantile(sorted, 0.95)),
    max: round(sorted.at(-1) ?? Number.NaN),
    mean: round(values.reduce((a, b) => a + b, 0) / values.length),
  };
}

async function must<T>(
  what: string,
  result: Promise<{ ok: true; value: T } | { ok: false; error: Parameters<typeof describeFailure>[0] }>,
): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw new Error(`${what}: ${describeFailure(settled.error)}`);
  return settled.value;
}

/** One chat message through the edge; the policy version its routing used (null: EDGE_ROUTING) and how long it took. */
async function chat(
  edgeUrl: string,
  sequence: number,
  tokens: Map<number, string>,
): Promise<{ policyVersion: number | null; ms: number }> {
  // 50 conversations in turn: each continued with the conversation token its first reply carried.
  const slot = sequence % 50;
  const token = tokens.get(slot);
  const started = performance.now();
  const response = await fetch(`${edgeUrl}/v1/chat`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({
      tenantId: TENANT,
      clientMessageId: `m-${process.pid}-${sequence}`,
      text: "hello there, good morning",
    }),
  });
  const body: unknown = await response.json();
  const ms = performance.now() - started;
  if (!response.ok) throw new Error(`POST /v1/chat answered ${response.status}: ${JSON.stringify(body)}`);
  const reply = chatReplySchema.parse(body);
  if (reply.conversationToken) tokens.set(slot, reply.conversationToken);
  return { policyVersion: reply.edge?.policyVersion ?? null, ms };
}

/** Runs one stack with the edge's POLICY_REFRESH_MS set, and measures ACTIVATIONS activation → first edge decision. */
async function measure(refreshMs: number, progress: (message: string) => void): Promise<Metrics> {
  return withOfflineStack(
    "policy",
    {
      edgeVars: { POLICY_REFRESH_MS: String(refreshMs) },
      onProgress: progress,
      // The polling loop sends chats back to back: lift the default per-visitor limit.
      webConfig: JSON.stringify({ [TENANT]: { rateLimits: { perVisitor: 100_000 } } }),
    },
    async (stack) => {
      let sequence = 0;
      const tokens = new Map<number, string>();
      const admin: PolicyAdminClient = createPolicyAdminClient({ url: stack.centralUrl, token: stack.adminToken });
      await must("push v1", admin.push(TENANT, policy(1)));
      await must("activate v1", admin.activate(TENANT, 1));
      progress(`POLICY_REFRESH_MS=${refreshMs}: waiting for v1 at the edge (also warms the intent model) …`);
      const warmUntil = Date.now() + 60_000;
      while ((await chat(stack.edgeUrl, ++sequence, tokens)).policyVersion !== 1) {
        if (Date.now() > warmUntil) throw new Error("the edge never used policy v1");
      }
      // Baseline in the same run: one chat round trip through the edge (the resolution of the measurement below).
      const baseline: number[] = [];
      for (let index = 0; index < BASELINE_CHATS; index += 1)
        baseline.push((await chat(stack.edgeUrl, ++sequence, tokens)).ms);

      const propagation: number[] = [];
      const activation: number[] = [];
      const polls: number[] = [];
      for (let version = 2; version <= ACTIVATIONS + 1; version += 1) {
        await must(`push v${version}`, admin.push(TENANT, policy(version)));
        // Let the previous snapshot's refresh window restart at a random phase, as for a real admin.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.max(refreshMs, 50)));
        const started = performance.now();
        const activated = await must(`activate v${version}`, admin.activate(TENANT, version));
        const activatedAt = performance.now();
        if (!activated.published.ok) throw new Error(`v${version} was not published: ${activated.published.message}`);
        let count = 0;
        for (;;) {
          count += 1;
          const seen = await chat(stack.edgeUrl, ++sequence, tokens);
          if (seen.policyVersion === version) break;
          if (performance.now() - started > 30_000) throw new Error(`v${version} did not reach the edge within 30 s`);
        }
        const reached = performance.now();
        propagation.push(reached - started);
        activation.push(activatedAt - started);
        polls.push(count);
        progress(
          `v${version}: activation answered in ${(activatedAt - started).toFixed(1)} ms; ` +
            `first edge decision under it after ${(reached - started).toFixed(1)} ms (${count} chats)`,
        );
      }
      const p = summary(propagation);
      const a = summary(activation);
      const b = summary(baseline);
      return {
        refresh_ms: refreshMs,
        activations: ACTIVATIONS,
        propagation_p50_ms: p.p50,
        propagation_p95_ms: p.p95,
        propagation_max_ms: p.max,
        propagation_mean_ms: p.mean,
        activation_call_p50_ms: a.p50,
        activation_call_max_ms: a.max,
        baseline_chat_p50_ms: b.p50,
        baseline_chat_p95_ms: b.p95,
        chats_until_seen_mean: Math.round((polls.reduce((x, y) => x + y, 0) / polls.length) * 10) / 10,
        propagation_p50_over_chat_p50: Math.round((p.p50 / b.p50) * 10) / 10,
      };
    },
  );
}

/** `policy-propagation`: time from a policy activation (admin API call started) to the first edge decision under it. */
const policyPropagation: Benchmark = {
  description:
    "policy propagation: activation through central's admin API → snapshot in the edge cache (Upstash-REST dev " +
    "server) → the first /v1/chat decision in workerd (wrangler dev) under the new version; " +
    `${ACTIVATIONS} activations with POLICY_REFRESH_MS=1000 (default) and 0; ` +
    "baseline: one edge chat round trip in the same run. Options: --refresh=<ms,...>",
  async run({ progress, args }) {
    const refreshes = (args.find((arg) => arg.startsWith("--refresh="))?.split("=")[1] ?? "1000,0")
      .split(",")
      .map(Number);
    const metrics: Metrics = {};
    for (const refreshMs of refreshes)
      metrics[`refresh_${refreshMs}`] = (await measure(refreshMs, progress)) as Record<string, number>;
    return metrics;
  },
};

export default policyPropagation;
