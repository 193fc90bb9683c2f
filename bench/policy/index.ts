import { availableParallelism, loadavg } from "node:os";
import { evaluatePolicy } from "../../central/policy/engine/evaluate-policy.js";
import { actionProposalSchema } from "../../shared/policy/action-proposal.js";
import { isPolicyActionType } from "../../shared/policy/action-types.js";
import { validatePolicyDocument, type PolicyDocument } from "../../shared/policy/policy-document.js";
import defaultPolicy from "../../shared/policy/examples/default-policy.json" with { type: "json" };
import type { Benchmark, Metrics } from "../benchmark.js";
import { policyWorkload, type PolicyCase } from "../../central/policy/engine/policy-workload.js";

const GOAL_PER_SECOND = 200_000;

function numberArg(args: string[], name: string, fallback: number): number {
  const value = args.find((arg) => arg.startsWith(`--${name}=`))?.split("=")[1];
  return value === undefined ? fallback : Number(value);
}

/** Baseline: the least a decision could cost — a known type and one amount comparison, no rules, no reasons. */
function trivialDecision(policy: PolicyDocument, { proposal }: PolicyCase): string {
  if (!isPolicyActionType(proposal.type)) return "deny";
  const max = policy.actions[proposal.type]?.maxAmountMinor;
  return max !== undefined && (proposal.amountMinor ?? 0) > max ? "deny" : "approve";
}

/** Runs `decide` over the cases `rounds` times and returns the median rate per second (one thread = one core). */
function measure(cases: readonly PolicyCase[], rounds: number, passes: number, decide: (item: PolicyCase) => unknown): number {
  const rates: number[] = [];
  let sink = 0;
  for (let round = 0; round < rounds; round += 1) {
    const started = process.hrtime.bigint();
    for (let pass = 0; pass < passes; pass += 1) {
      for (const item of cases) sink += decide(item) ? 1 : 0;
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    rates.push((cases.length * passes) / seconds);
  }
  if (sink < 0) console.error(sink); // keeps the results alive
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)] ?? 0;
}

/** `policy`: policy decisions per second on one core vs a zod parse of the same proposals and a trivial decision. */
const policyBench: Benchmark = {
  description:
    "evaluatePolicy decisions/s on one core (demo policy, varied proposals and contexts) vs, in the same run, a zod parse of the same proposals and a trivial one-comparison decision; options --cases=N --passes=N --rounds=N",
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
    measure(cases, 2, Math.max(1, Math.floor(passes / 5)), (item) => evaluatePolicy(policy, item.proposal, item.context));

    const opts = `${rounds} rounds × ${passes} passes × ${caseCount} cases`;
    progress(`evaluatePolicy: ${opts}`);
    const evaluate = measure(cases, rounds, passes, (item) => evaluatePolicy(policy, item.proposal, item.context));
    progress(`baseline zod parse of the proposal: ${opts}`);
    const zodParse = measure(cases, rounds, passes, (item) => actionProposalSchema.safeParse(item.proposal).success);
    progress(`baseline trivial decision: ${opts}`);
    const trivial = measure(cases, rounds, passes, (item) => trivialDecision(policy, item));
    progress(`evaluatePolicy again (drift check)`);
    const evaluateAgain = measure(cases, rounds, passes, (item) => evaluatePolicy(policy, item.proposal, item.context));

    const metrics: Metrics = {
      cases: caseCount,
      decisions_per_round: caseCount * passes,
      rounds,
      verdicts,
      decisions_per_s: Math.round(evaluate),
      decisions_per_s_second_run: Math.round(evaluateAgain),
      baseline_zod_parse_per_s: Math.round(zodParse),
      baseline_trivial_per_s: Math.round(trivial),
      ratio_vs_zod_parse: Number((evaluate / zodParse).toFixed(2)),
      ratio_vs_trivial: Number((evaluate / trivial).toFixed(4)),
      mean_us_per_decision: Number((1e6 / evaluate).toFixed(2)),
      goal_per_s: GOAL_PER_SECOND,
      meets_goal: evaluate >= GOAL_PER_SECOND ? "yes" : "no",
      node: process.version,
      /** The machine's 1-minute load when the run ended, against its cores: other work skews the figures. */
      load_average_1m: Number((loadavg()[0] ?? 0).toFixed(2)),
      cores: availableParallelism(),
    };
    return metrics;
  },
};

export default policyBench;
