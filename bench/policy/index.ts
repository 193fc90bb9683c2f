import { availableParallelism, loadavg } from "node:os";
import { evaluatePolicy } from "../../central/policy/engine/evaluate-policy.js";
import { actionProposalSchema } from "../../shared/policy/action-proposal.js";
import { isPolicyActionType } from "../../shared/policy/action-types.js";
import { validatePolicyDocument, type PolicyDocument } from "../../shared/policy/policy-document.js";
import defaultPolicy from "../../shared/policy/examples/default-policy.json" with { type: "json" };
import { numberArg } from "../bench-args.js";
import type { Benchmark, Metrics } from "../benchmark.js";
import { policyWorkload, type PolicyCase } from "../../central/policy/engine/policy-workload.js";

const GOAL_PER_SECOND = 200_000;

/** Baseline: the least a decision could cost — a known type and one amount comparison, no rules, no reasons. */
function trivialDecision(policy: PolicyDocument, { proposal }: PolicyCase): string {
  if (!isPolicyActionType(proposal.type)) return "deny";
  const max = policy.actions[proposal.type]?.maxAmountMinor;
  return max !== undefined && (proposal.amountMinor ?? 0) > max ? "deny" : "approve";
}

/** Decisions per second of one timed run of `decide` over the cases, `passes` times (one thread = one core). */
function timedRate(cases: readonly PolicyCase[], passes: number, decide: (item: PolicyCase) => unknown): number {
  let sink = 0;
  const started = process.hrtime.bigint();
  for (let pass = 0; pass < passes; pass += 1) {
    for (const item of cases) sink += decide(item) ? 1 : 0;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (sink < 0) console.error(sink); // keeps the results alive
  return (cases.length * passes) / seconds;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * Medians over `rounds` rounds; each round times every contender once, in turn, so a change in the machine's load
 * hits the subject and its baselines alike.
 */
function measureInterleaved(
  cases: readonly PolicyCase[],
  rounds: number,
  passes: number,
  contenders: Record<string, (item: PolicyCase) => unknown>,
): Record<string, { median: number; min: number; max: number }> {
  const rates: Record<string, number[]> = {};
  for (let round = 0; round < rounds; round += 1) {
    for (const [name, decide] of Object.entries(contenders))
      (rates[name] ??= []).push(timedRate(cases, passes, decide));
  }
  return Object.fromEntries(
    Object.entries(rates).map(([name, values]) => [
      name,
      { median: median(values), min: Math.min(...values), max: Math.max(...values) },
    ]),
  );
}

/** `policy`: policy decisions per second on one core vs a zod parse of the same proposals and a trivial decision. */
const policyBench: Benchmark = {
  description:
    "evaluatePolicy decisions/s on one core (demo policy, varied proposals and contexts) vs, in the same run, " +
    "a zod parse of the same proposals and a trivial one-comparison decision; " +
    "options --cases=N --passes=N --rounds=N",
  async run({ progress, args }) {
    const caseCount = numberArg(args, "cases", 4_096);
    const passes = numberArg(args, "passes", 50);
    const rounds = numberArg(args, "rounds", 7);
    const validated = validatePolicyDocument(defaultPolicy);
    if (!validated.ok) throw new Error(`the demo policy is invalid: ${JSON.stringify(validated.error.problems)}`);
    const policy = validated.value;
    const cases = policyWorkload(caseCount);

    const verdicts: Record<string, number> = { approve: 0, needs_approval: 0, deny: 0 };
    for (const item of cases) {
      const verdict = evaluatePolicy(policy, item.proposal, item.context).verdict;
      verdicts[verdict] = (verdicts[verdict] ?? 0) + 1;
    }
    progress(`${caseCount} cases: ${JSON.stringify(verdicts)}; warming up`);
    const contenders = {
      evaluate: (item: PolicyCase) => evaluatePolicy(policy, item.proposal, item.context),
      zodParse: (item: PolicyCase) => actionProposalSchema.safeParse(item.proposal).success,
      trivial: (item: PolicyCase) => trivialDecision(policy, item),
    };
    measureInterleaved(cases, 3, Math.max(1, Math.floor(passes / 5)), contenders);
    progress(
      `measuring: ${rounds} rounds × (evaluatePolicy, zod parse, trivial) × ${passes} passes × ${caseCount} cases`,
    );
    const rates = measureInterleaved(cases, rounds, passes, contenders);
    const none = { median: 0, min: 0, max: 0 };
    const [evaluate, zodParse, trivial] = [rates.evaluate ?? none, rates.zodParse ?? none, rates.trivial ?? none];

    const metrics: Metrics = {
      cases: caseCount,
      decisions_per_round: caseCount * passes,
      rounds,
      verdicts,
      decisions_per_s: Math.round(evaluate.median),
      decisions_per_s_range: { min: Math.round(evaluate.min), max: Math.round(evaluate.max) },
      baseline_zod_parse_per_s: Math.round(zodParse.median),
      baseline_trivial_per_s: Math.round(trivial.median),
      ratio_vs_zod_parse: Number((evaluate.median / zodParse.median).toFixed(2)),
      ratio_vs_trivial: Number((evaluate.median / trivial.median).toFixed(4)),
      mean_us_per_decision: Number((1e6 / evaluate.median).toFixed(2)),
      goal_per_s: GOAL_PER_SECOND,
      meets_goal: evaluate.median >= GOAL_PER_SECOND ? "yes" : "no",
      node: process.version,
      /** The machine's 1-minute load when the run ended, against its cores: other work skews the figures. */
      load_average_1m: Number((loadavg()[0] ?? 0).toFixed(2)),
      cores: availableParallelism(),
    };
    return metrics;
  },
};

export default policyBench;
