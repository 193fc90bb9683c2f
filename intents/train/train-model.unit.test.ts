import { describe, expect, it } from "vitest";
import { exportFoldedOnnx } from "../onnx/export-classifier.js";
import { syntheticDataset } from "../testing/synthetic.js";
import { DEFAULT_HYPERPARAMETERS, trainModel, type Hyperparameters } from "./train-model.js";

const SMALL: Hyperparameters = {
  ...DEFAULT_HYPERPARAMETERS,
  dim: 16,
  epochs: 30,
  charBuckets: 512,
  bigramBuckets: 256,
  batchSize: 8,
  learningRate: 0.05,
  members: 2,
  cvFolds: 2,
};
const quiet = (): void => undefined;
const onnxOf = (seed: number): Uint8Array => {
  return exportFoldedOnnx(trainModel(syntheticDataset(), seed, SMALL, quiet).folded);
};

describe("trainModel", () => {
  it("learns the synthetic intents and reports progress for every fold, member and epoch", () => {
    const seen: string[] = [];
    const model = trainModel(syntheticDataset(), 7, SMALL, (p) => seen.push(`${p.stage} ${p.member} ${p.epoch}`));
    const stage = (name: string) =>
      [1, 2].flatMap((m) => Array.from({ length: SMALL.epochs }, (_, i) => `${name} ${m} ${i + 1}`));
    expect(seen).toEqual([...stage("cv fold 1/2"), ...stage("cv fold 2/2"), ...stage("final")]);
    expect(model.threshold.rule).toContain("2-fold cross-validation on train");
    expect(model.labels).toEqual(["balance", "oos", "timer", "transfer", "weather"]);
    expect(model.valMetrics?.in_scope_accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it("writes byte-identical ONNX for the same seed and different bytes for another seed", () => {
    const a = onnxOf(3);
    expect(Buffer.from(onnxOf(3)).equals(Buffer.from(a))).toBe(true);
    expect(Buffer.from(onnxOf(4)).equals(Buffer.from(a))).toBe(false);
  });
});
