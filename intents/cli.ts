import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { runBuildDefault } from "./build-default-model.js";
import { BUILD_DEFAULT_USAGE, EVAL_USAGE, MAIN_USAGE, TRAIN_USAGE } from "./cli-usage.js";
import { runEval } from "./eval/eval-command.js";
import { runTrain } from "./train/train-command.js";

/** Where the CLI writes: results to `out`, progress and errors to `err`. */
export type CliIo = { out: (line: string) => void; err: (line: string) => void };

/** Runs the intents CLI with the given arguments; resolves to the process exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    io.out(MAIN_USAGE);
    return command === undefined ? 2 : 0;
  }
  const usage =
    command === "train"
      ? TRAIN_USAGE
      : command === "eval"
        ? EVAL_USAGE
        : command === "build-default"
          ? BUILD_DEFAULT_USAGE
          : null;
  if (usage === null) {
    io.err(`unknown command "${command}"\n\n${MAIN_USAGE}`);
    return 2;
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...rest],
      strict: true,
      options: {
        help: { type: "boolean", short: "h" },
        data: { type: "string" },
        out: { type: "string" },
        model: { type: "string" },
        seed: { type: "string" },
        epochs: { type: "string" },
        dim: { type: "string" },
        "learning-rate": { type: "string" },
        "oos-recall-target": { type: "string" },
        members: { type: "string" },
        "cv-folds": { type: "string" },
        "created-at": { type: "string" },
        split: { type: "string" },
        datasets: { type: "string" },
        check: { type: "boolean" },
      },
    }).values;
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if (values.help === true) {
    io.out(usage);
    return 0;
  }
  const result =
    command === "train"
      ? await runTrain(values, io)
      : command === "eval"
        ? await runEval(values, io)
        : await runBuildDefault(values, io);
  if (!result.ok) {
    io.err(`error (${result.code}): ${result.message}${result.code === "usage" ? `\n\n${usage}` : ""}`);
    return result.code === "usage" ? 2 : 1;
  }
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const code = await runCli(process.argv.slice(2), {
    out: (line) => process.stdout.write(line.endsWith("\n") ? line : `${line}\n`),
    err: (line) => process.stderr.write(line.endsWith("\n") ? line : `${line}\n`),
  });
  process.exitCode = code;
}
