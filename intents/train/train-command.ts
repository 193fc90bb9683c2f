import type { CliCommand } from "../../tools/cli/cli-command.js";
import type { CliIo } from "../../tools/cli/cli-io.js";
import { argsOrExit, parseOptions, type OptionValues } from "../../tools/cli/command-args.js";
import { TRAIN_USAGE } from "../cli-usage.js";
import { exitCodeOf, numberOption, type CommandResult } from "../command-result.js";
import { readDataset } from "../data/read-dataset.js";
import { DEFAULT_HYPERPARAMETERS, trainModel, type Hyperparameters } from "./train-model.js";
import { writeModelFolder } from "./write-model-folder.js";

const TRAIN_OPTIONS = {
  data: { type: "string" },
  out: { type: "string" },
  seed: { type: "string" },
  epochs: { type: "string" },
  dim: { type: "string" },
  "learning-rate": { type: "string" },
  "oos-recall-target": { type: "string" },
  members: { type: "string" },
  "cv-folds": { type: "string" },
  "created-at": { type: "string" },
} as const;

const pct = (x: number | null | undefined): string =>
  x === null || x === undefined ? "n/a" : `${(100 * x).toFixed(2)}%`;

/** `train`: reads data, trains with progress on stderr, writes the model folder, prints val figures as JSON. */
export async function runTrain(values: OptionValues, io: CliIo): Promise<CommandResult> {
  const data = values.data,
    out = values.out;
  if (typeof data !== "string" || typeof out !== "string")
    return { ok: false, code: "usage", message: "--data and --out are required" };
  const seed = numberOption(values.seed, "seed", 1, 0, 2 ** 32 - 1, true);
  const epochs = numberOption(values.epochs, "epochs", DEFAULT_HYPERPARAMETERS.epochs, 1, 1000, true);
  const dim = numberOption(values.dim, "dim", DEFAULT_HYPERPARAMETERS.dim, 1, 1024, true);
  const lr = numberOption(
    values["learning-rate"],
    "learning-rate",
    DEFAULT_HYPERPARAMETERS.learningRate,
    1e-6,
    10,
    false,
  );
  const target = numberOption(values["oos-recall-target"], "oos-recall-target", 0.6, 0, 1, false);
  const members = numberOption(values.members, "members", DEFAULT_HYPERPARAMETERS.members, 1, 16, true);
  const folds = numberOption(values["cv-folds"], "cv-folds", DEFAULT_HYPERPARAMETERS.cvFolds, 0, 20, true);
  for (const option of [seed, epochs, dim, lr, target, members, folds]) if (!option.ok) return option;
  if (!seed.ok || !epochs.ok || !dim.ok || !lr.ok || !target.ok || !members.ok || !folds.ok)
    return { ok: false, code: "usage", message: "bad option" };
  const createdAt = typeof values["created-at"] === "string" ? values["created-at"] : null;

  const read = await readDataset(data);
  if (!read.ok) return { ok: false, code: read.error.code, message: read.error.message };
  const { dataset } = read;
  const labels = new Set(dataset.train.map((e) => e.label)).size;
  if (labels < 2)
    return { ok: false, code: "data_ill_formed", message: `need at least 2 intents in train, found ${labels}` };
  io.stderr(
    `training on ${dataset.train.length} examples, ${labels} intents, ` +
      `validating on ${dataset.val.length} (${dataset.format}, seed ${seed.value})\n`,
  );
  const hyper: Hyperparameters = {
    ...DEFAULT_HYPERPARAMETERS,
    epochs: epochs.value,
    dim: dim.value,
    learningRate: lr.value,
    members: members.value,
    cvFolds: folds.value,
  };
  const model = trainModel(
    dataset,
    seed.value,
    hyper,
    (p) => {
      const val = p.valAccuracy === null ? "" : `  val top-1 (in-scope, no threshold) ${pct(p.valAccuracy)}`;
      io.stderr(
        `${p.stage}: member ${p.member}/${p.members} epoch ${p.epoch}/${p.epochs}  ` +
          `loss ${p.loss.toFixed(4)}${val}  ${p.seconds.toFixed(1)} s\n`,
      );
    },
    undefined,
    target.value,
  );
  await writeModelFolder(out, model, { dataSha256: dataset.sha256, dataFormat: dataset.format, createdAt });
  const m = model.valMetrics;
  io.stderr(`OOS threshold ${model.threshold.threshold} (${model.threshold.rule})\n`);
  io.stderr(
    `val: in-scope accuracy ${pct(m?.in_scope_accuracy)}, OOS recall ${pct(m?.oos_recall)}, ` +
      `OOS precision ${pct(m?.oos_precision)}, macro F1 ${pct(m?.macro_f1)}, n ${m?.n ?? 0}; ` +
      `trained in ${model.trainSeconds.toFixed(1)} s; wrote ${out}\n`,
  );
  io.stdout(
    `${JSON.stringify({
      ...(m ?? {}),
      threshold: model.threshold.threshold,
      train_seconds: Number(model.trainSeconds.toFixed(1)),
      out,
    })}\n`,
  );
  return { ok: true };
}

/** `intents train`: its options, then {@link runTrain}. */
export const trainCommand: CliCommand = {
  name: "train",
  summary: "train a model from CLINC150 JSON or text,category CSV and write its folder",
  async run(argv, io) {
    const parsed = argsOrExit("intents train", parseOptions(argv, TRAIN_OPTIONS), TRAIN_USAGE, io);
    if (!parsed.ok) return parsed.exitCode;
    return exitCodeOf(await runTrain(parsed.args.values, io), io, "intents train", TRAIN_USAGE);
  },
};
