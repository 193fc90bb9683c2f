import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../tools/cli/run-cli.js";
import { capturedIo } from "../tools/cli/testing/captured-io.js";
import { INTENTS_PROGRAM } from "./intents-program.js";
import { syntheticDataset } from "./testing/synthetic.js";

const run = async (...argv: string[]) => {
  const io = capturedIo();
  const code = await runCli(INTENTS_PROGRAM, argv, io);
  return { code, out: io.out(), err: io.err() };
};
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe("intents CLI", () => {
  it("prints help for the CLI and for each command", async () => {
    expect((await run("--help")).out).toContain("Commands:");
    const train = await run("train", "--help");
    expect(train).toMatchObject({ code: 0 });
    expect(train.out).toContain("--seed");
    expect((await run("eval", "--help")).out).toContain('"in_scope_accuracy"');
  });

  it("answers usage problems the common way: no command, an unknown one, another command's option", async () => {
    const none = await run();
    expect(none).toMatchObject({ code: 2, out: "" });
    expect(none.err).toMatch(/^Usage: npm run intents -- <command>/);
    const unknown = await run("fly");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^intents: unknown command 'fly'\n\nUsage: npm run intents/);
    const foreign = await run("eval", "--data", "x.json", "--model", "m", "--epochs", "3");
    expect(foreign.code).toBe(2);
    expect(foreign.err).toMatch(/^intents eval: Unknown option '--epochs'.*\n\nUsage: npm run intents -- eval/s);
  });

  it("fails clearly on an unknown command, a missing option, a missing file and ill-formed data", async () => {
    expect((await run("fly")).code).toBe(2);
    const incomplete = await run("train", "--data", "x.json");
    expect(incomplete.code).toBe(2);
    expect(incomplete.err).toMatch(/^intents train: --data and --out are required\n\nUsage: npm run intents -- train/);
    const missing = await run("train", "--data", "/nonexistent/data.json", "--out", "/tmp/never");
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("data_unreadable");
    expect(missing.err).toMatch(
      /^intents train: data_unreadable: cannot read \/nonexistent\/data.json: .*; check the --data path\n$/,
    );
    const dir = await mkdtemp(join(tmpdir(), "intents-cli-"));
    dirs.push(dir);
    await writeFile(join(dir, "bad.json"), '{"train": 3}');
    const bad = await run("eval", "--data", join(dir, "bad.json"), "--model", dir);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("data_ill_formed");
    expect((await run("train", "--data", join(dir, "bad.json"), "--out", dir, "--seed", "1.5")).err).toContain(
      "--seed must be an integer",
    );
  });

  it("trains a model folder and evaluates it, ending with one JSON line", async () => {
    const dir = await mkdtemp(join(tmpdir(), "intents-cli-"));
    dirs.push(dir);
    const d = syntheticDataset();
    const pairs = (label: (l: string) => boolean, rows: typeof d.train) =>
      rows.filter((e) => label(e.label)).map((e) => [e.text, e.label]);
    const data = {
      train: pairs((l) => l !== "oos", d.train),
      val: pairs((l) => l !== "oos", d.val),
      oos_train: pairs((l) => l === "oos", d.train),
      oos_val: pairs((l) => l === "oos", d.val),
    };
    await writeFile(join(dir, "data.json"), JSON.stringify(data));
    const model = join(dir, "model");
    const trained = await run(
      "train",
      "--data",
      join(dir, "data.json"),
      "--out",
      model,
      "--epochs",
      "30",
      "--members",
      "2",
      "--cv-folds",
      "2",
      "--learning-rate",
      "0.05",
      "--created-at",
      "2026-01-01T00:00:00Z",
    );
    expect(trained.code).toBe(0);
    expect(trained.err).toContain("epoch 30/30");
    for (const file of ["config.json", "tokenizer.json", "tokenizer_config.json", "onnx/model.onnx"])
      await stat(join(model, file));
    const meta = JSON.parse(await readFile(join(model, "frontdesk-model.json"), "utf8")) as Record<string, unknown>;
    expect(meta).toMatchObject({ seed: 1, created_at: "2026-01-01T00:00:00Z", training_data_format: "clinc-json" });
    expect(meta.version).toMatch(/^intents-[0-9a-f]{12}-s1-[0-9a-f]{8}$/);

    const evaluated = await run("eval", "--data", join(dir, "data.json"), "--model", model);
    expect(evaluated.code).toBe(0);
    const report = JSON.parse(evaluated.out) as Record<string, number | null>;
    expect(Object.keys(report)).toEqual([
      "in_scope_accuracy",
      "oos_recall",
      "oos_precision",
      "macro_f1",
      "p50_ms",
      "p99_ms",
      "model_bytes",
      "n",
    ]);
    expect(report.n).toBe(d.val.length);
    expect(report.in_scope_accuracy).toBeGreaterThanOrEqual(0.9);
    expect(report.model_bytes).toBeGreaterThan(0);
  });
});
