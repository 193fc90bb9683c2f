import type { FeatureSpace, SparseBag } from "./features.js";
import { tableRows } from "./features.js";
import type { Rng } from "./rng.js";

/** Weights of the embedding-bag classifier: mean of feature embeddings, then one linear layer. */
export type Classifier = {
  space: FeatureSpace;
  dim: number;
  numLabels: number;
  /** [rows, dim] row-major. */
  embedding: Float32Array;
  /** [dim, numLabels] row-major. */
  weight: Float32Array;
  bias: Float32Array;
};

/** Creates a classifier with small uniform embeddings and a zero output layer (fastText's initialisation). */
export function createClassifier(space: FeatureSpace, dim: number, numLabels: number, rng: Rng): Classifier {
  const embedding = new Float32Array(tableRows(space) * dim);
  for (let i = 0; i < embedding.length; i++) embedding[i] = (rng.next() * 2 - 1) / dim;
  return {
    space,
    dim,
    numLabels,
    embedding,
    weight: new Float32Array(dim * numLabels),
    bias: new Float32Array(numLabels),
  };
}

/** Pools a bag into its hidden vector `x` (written into `out`). */
export function pool(model: Classifier, bag: SparseBag, out: Float32Array): void {
  const { dim, embedding } = model;
  out.fill(0);
  for (let k = 0; k < bag.rows.length; k++) {
    const base = (bag.rows[k] ?? 0) * dim;
    const w = bag.weights[k] ?? 0;
    for (let d = 0; d < dim; d++) out[d] = (out[d] ?? 0) + w * (embedding[base + d] ?? 0);
  }
}

/** Writes the logits of hidden vector `x` into `out`. */
export function logitsOf(model: Classifier, x: Float32Array, out: Float32Array): void {
  const { dim, numLabels, weight, bias } = model;
  out.set(bias);
  for (let d = 0; d < dim; d++) {
    const xd = x[d] ?? 0;
    if (xd === 0) continue;
    const row = d * numLabels;
    for (let l = 0; l < numLabels; l++) out[l] = (out[l] ?? 0) + xd * (weight[row + l] ?? 0);
  }
}

/** Turns logits into probabilities in place (numerically stable softmax). */
export function softmaxInPlace(values: Float32Array): void {
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const e = Math.exp((values[i] ?? 0) - max);
    values[i] = e;
    sum += e;
  }
  for (let i = 0; i < values.length; i++) values[i] = (values[i] ?? 0) / sum;
}

/** Class probabilities for one bag. */
export function predictProbs(model: Classifier, bag: SparseBag): Float32Array {
  const x = new Float32Array(model.dim);
  const probs = new Float32Array(model.numLabels);
  pool(model, bag, x);
  logitsOf(model, x, probs);
  softmaxInPlace(probs);
  return probs;
}
