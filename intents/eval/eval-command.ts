import type { CliCommand } from "../../tools/cli/cli-command.js";
import type { CliIo } from "../../tools/cli/cli-io.js";
import { argsOrExit, parseOptions, type OptionValues } from "../../tools/cli/command-args.js";
import { EVAL_USAGE } from "../cli-usage.js";
import { exitCodeOf, type CommandResult } from "../command-result.js";
import { readDataset } from "../data/read-dataset.js";
import { evaluate, folderBytes, loadPipelineClassifier, readThreshold } from "./evaluate-model.js";

/** `eval`: picks the evaluation examples, runs them through transformers.js, prints one JSON line. */
export async function runEval(values: OptionValues, io: CliIo): Promise<CommandResult> {
  const data = values.data,
    dir = values.model,
    split = values.split ?? "val";
  if (typeof data !== "string" || typeof dir !== "string")
    return { ok: false, code: "usage", message: "--data and --model are required" };
  if (split !== "val" && split !== "all")
    return { ok: false, code: "usage", message: `--split must be val or all, got ${String(split)}` };
  const read = await readDataset(data);
  if (!read.ok) return { ok: false, code: read.error.code, message: read.error.message };
  const { dataset } = read;
  const examples =
    dataset.test ?? (split === "all" && dataset.format === "csv" ? [...dataset.train, ...dataset.val] : dataset.val);
  const which = dataset.test
    ? "test + oos_test"
    : dataset.format === "csv"
      ? split === "all"
        ? "all rows"
        : "held-out rows"
      : "val + oos_val";
  if (examples.length === 0)
    return { ok: false, code: "data_ill_formed", message: `no examples to evaluate (${which})` };
  const threshold = await readThreshold(dir);
  if (!threshold.ok) return { ok: false, code: threshold.error.code, message: threshold.error.message };
  const loaded = await loadPipelineClassifier(dir);
  if (!loaded.ok) return { ok: false, code: loaded.error.code, message: loaded.error.message };
  io.stderr(`evaluating ${examples.length} examples (${which}) with OOS threshold ${threshold.threshold}\n`);
  const report = await evaluate(examples, loaded.classify, threshold.threshold);
  const round = (x: number | null): number | null => (x === null ? null : Number(x.toFixed(4)));
  io.stdout(
    `${JSON.stringify({
      in_scope_accuracy: round(report.in_scope_accuracy),
      oos_recall: round(report.oos_recall),
      oos_precision: round(report.oos_precision),
      macro_f1: round(report.macro_f1),
      p50_ms: round(report.p50_ms),
      p99_ms: round(report.p99_ms),
      model_bytes: await folderBytes(dir),
      n: report.n,
    })}\n`,
  );
  return { ok: true };
}

/** `intents eval`: its options, then {@link runEval}. */
export const evalCommand: CliCommand = {
  name: "eval",
  summary: "evaluate a model folder through @huggingface/transformers, print one JSON line",
  async run(argv, io) {
    const options = { data: { type: "string" }, model: { type: "string" }, split: { type: "string" } } as const;
    const parsed = argsOrExit("intents eval", parseOptions(argv, options), EVAL_USAGE, io);
    if (!parsed.ok) return parsed.exitCode;
    return exitCodeOf(await runEval(parsed.args.values, io), io, "intents eval", EVAL_USAGE);
  },
};
