import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import type { CliCommand } from "../tools/cli/cli-command.js";
import type { CliIo } from "../tools/cli/cli-io.js";
import { argsOrExit, parseOptions, type OptionValues } from "../tools/cli/command-args.js";
import { BUILD_DEFAULT_USAGE } from "./cli-usage.js";
import { exitCodeOf, type CommandResult } from "./command-result.js";
import { runTrain } from "./train/train-command.js";

/**
 * How the edge's shipped model is built: CLINC150 (train + its 100 out-of-scope examples; OOS threshold from 5-fold
 * cross-validation on train for ≥ 0.6 OOS recall, val untouched), seed 1, the trainer's default options (a 3-member
 * ensemble), no timestamp, so the same data gives the same bytes.
 */
export const DEFAULT_MODEL_RECIPE = {
  data: "clinc150/train_val.json",
  seed: "1",
  out: "edge/models/clinc150",
  datasets: "../shared/datasets",
} as const;

/** `build-default [--datasets <dir>] [--out <dir>] [--check]`: trains the shipped model, or checks it is up to date. */
export async function runBuildDefault(values: OptionValues, io: CliIo): Promise<CommandResult> {
  const datasets = typeof values.datasets === "string" ? values.datasets : DEFAULT_MODEL_RECIPE.datasets;
  const out = typeof values.out === "string" ? values.out : DEFAULT_MODEL_RECIPE.out;
  const data = join(datasets, DEFAULT_MODEL_RECIPE.data);
  if (values.check !== true) return runTrain({ data, out, seed: DEFAULT_MODEL_RECIPE.seed }, io);

  const scratch = await mkdtemp(join(tmpdir(), "frontdesk-default-model-"));
  try {
    const trained = await runTrain(
      { data, out: scratch, seed: DEFAULT_MODEL_RECIPE.seed },
      { ...io, stdout: () => undefined },
    );
    if (!trained.ok) return trained;
    const differing = await differingFiles(scratch, out);
    if (differing.length > 0) {
      return {
        ok: false,
        code: "model_out_of_date",
        message: `${out} is not what the recipe builds from ${data}: ${differing.join(", ")} differ`,
      };
    }
    io.stdout(`${JSON.stringify({ up_to_date: true, model: out, data })}\n`);
    return { ok: true };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** `intents build-default`: its options, then {@link runBuildDefault}. */
export const buildDefaultCommand: CliCommand = {
  name: "build-default",
  summary: "train the edge's shipped model (edge/models/clinc150) from ../shared/datasets, or --check it",
  async run(argv, io) {
    const options = { datasets: { type: "string" }, out: { type: "string" }, check: { type: "boolean" } } as const;
    const parsed = argsOrExit("intents build-default", parseOptions(argv, options), BUILD_DEFAULT_USAGE, io);
    if (!parsed.ok) return parsed.exitCode;
    const result = await runBuildDefault(parsed.args.values, io);
    return exitCodeOf(result, io, "intents build-default", BUILD_DEFAULT_USAGE);
  },
};

async function differingFiles(expectedDir: string, actualDir: string): Promise<string[]> {
  const differing: string[] = [];
  for (const path of await listFiles(expectedDir)) {
    const expected = await readFile(join(expectedDir, path));
    const actual = await readFile(join(actualDir, path)).catch(() => null);
    if (!actual || !expected.equals(actual)) differing.push(path);
  }
  return differing;
}

async function listFiles(dir: string, root = dir): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(path, root)));
    else files.push(relative(root, path));
  }
  return files.sort();
}
