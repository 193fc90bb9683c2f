import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { evaluate, loadPipelineClassifier } from "../eval/evaluate-model.js";
import { syntheticDataset } from "../testing/synthetic.js";
import { foldedProbs } from "./folded-model.js";
import { DEFAULT_HYPERPARAMETERS, trainModel } from "../train/train-model.js";
import { writeModelFolder } from "../train/write-model-folder.js";
import { createEncoder } from "../tokenizer/build-tokenizer.js";

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe("ONNX export", () => {
  it("is loaded by transformers.js' text-classification pipeline and agrees with the trainer", async () => {
    const dataset = syntheticDataset();
    const hyper = {
      ...DEFAULT_HYPERPARAMETERS,
      dim: 16,
      epochs: 30,
      charBuckets: 512,
      bigramBuckets: 256,
      batchSize: 8,
      learningRate: 0.05,
    };
    const model = trainModel(dataset, 11, hyper, () => undefined);
    const dir = await mkdtemp(join(tmpdir(), "intents-export-"));
    dirs.push(dir);
    await writeModelFolder(dir, model, { dataSha256: dataset.sha256, dataFormat: dataset.format, createdAt: null });

    const loaded = await loadPipelineClassifier(dir);
    if (!loaded.ok) throw new Error(loaded.error.message);
    expect((await loaded.classify("please transfer fifty dollars to my friend")).label).toBe("transfer");
    expect((await loaded.classify("weather")).label).toBe("weather");

    const encode = createEncoder(model.vocab);
    for (const example of dataset.val) {
      const probs = foldedProbs(model.folded, encode(example.text));
      const top = await loaded.classify(example.text);
      expect(top.score).toBeCloseTo(Math.max(...probs), 5);
    }

    const report = await evaluate(dataset.val, loaded.classify, model.threshold.threshold);
    expect(report.in_scope_accuracy).toBe(model.valMetrics?.in_scope_accuracy);
    expect(report.oos_recall).toBe(model.valMetrics?.oos_recall);
  });

  it("reports a folder that is not a model as a value, not a throw", async () => {
    const result = await loadPipelineClassifier(join(tmpdir(), "no-such-intents-model"));
    expect(result.ok ? "ok" : result.error.code).toBe("model_unreadable");
  });
});
