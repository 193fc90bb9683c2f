import { describe, expect, it } from "vitest";
import { exportFoldedOnnx } from "../onnx/export-classifier.js";
import { syntheticDataset } from "../test-support/synthetic.js";
import { DEFAULT_HYPERPARAMETERS, trainModel, type Hyperparameters } from "./train-model.js";

const SMALL: Hyperparameters = { ...DEFAULT_HYPERPARAMETERS, dim: 16, epochs: 30, charBuckets: 512, bigramBuckets: 256, batchSize: 8, learningRate: 0.05 };
const quiet = (): void => undefined;
const onnxOf = (seed: number): Uint8Array => {
  return exportFoldedOnnx(trainModel(syntheticDataset(), seed, SMALL, quiet).folded);
};

describe("trainModel", () => {
  it("learns the synthetic intents and reports progress every epoch", () => {
    const epochs: number[] = [];
    const model = trainModel(syntheticDataset(), 7, SMALL, (p) => epochs.push(p.epoch));
    expect(epochs).toEqual(Array.from({ length: SMALL.epochs }, (_, i) => i + 1));
    expect(model.labels).toEqual(["balance", "oos", "timer", "transfer", "weather"]);
    expect(model.valMetrics?.in_scope_accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it("writes byte-identical ONNX for the same seed and different bytes for another seed", () => {
    const a = onnxOf(3);
    expect(Buffer.from(onnxOf(3)).equals(Buffer.from(a))).toBe(true);
    expect(Buffer.from(onnxOf(4)).equals(Buffer.from(a))).toBe(false);
  });
});
