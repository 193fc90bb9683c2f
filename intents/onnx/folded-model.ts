import { softmaxInPlace, type Classifier } from "../train/classifier.js";
import { tokenSubRows } from "../train/features.js";
import { dequantizeRows, quantizeRows, type Int8Rows } from "./int8.js";

/**
 * An ensemble of classifiers as the ONNX graph holds it. All members share the vocabulary and the bigram hash; each
 * folds its word row and character n-gram rows into one vector per token (their mean, as training pooled them).
 * The table is [vocabSize + bigramBuckets, members × dim], member m in columns [m × dim, (m + 1) × dim), stored as
 * int8 with one scale per row; each member's linear layer is float32. The output is the mean of the members'
 * softmax probabilities.
 */
export type FoldedModel = {
  vocabSize: number;
  bigramBuckets: number;
  bigramPrime: number;
  /** Embedding size of one member. */
  dim: number;
  members: number;
  numLabels: number;
  /** The int8 table and its row scales. */
  quantized: Int8Rows;
  /** The same table dequantized, for the reference forward pass. */
  table: Float32Array;
  /** [members, dim, numLabels] row-major. */
  weight: Float32Array;
  /** [members, numLabels]. */
  bias: Float32Array;
};

/** One trained member, the character n-gram hash salt and the bigram weight it was trained with. */
export type EnsembleMember = { classifier: Classifier; salt: number; bigramWeight: number };

/** Folds trained members (same feature space sizes and dim) into the export form; row 0 (`[PAD]`) is zero. */
export function foldEnsemble(
  members: readonly EnsembleMember[],
  tokens: readonly string[],
  firstWord: number,
): FoldedModel {
  const first = members[0]?.classifier;
  if (!first) throw new Error("an ensemble needs at least one member");
  const { space, dim, numLabels } = first;
  const K = members.length;
  const width = K * dim;
  const rows = space.vocabSize + space.bigramBuckets;
  const folded = new Float32Array(rows * width);
  const weight = new Float32Array(K * dim * numLabels);
  const bias = new Float32Array(K * numLabels);
  members.forEach(({ classifier, salt, bigramWeight }, m) => {
    const { embedding } = classifier;
    for (let id = 1; id < space.vocabSize; id++) {
      const sub = tokenSubRows(space, id, tokens[id] ?? "", firstWord, salt);
      const at = id * width + m * dim;
      for (const row of sub)
        for (let d = 0; d < dim; d++)
          folded[at + d] = (folded[at + d] ?? 0) + (embedding[row * dim + d] ?? 0) / sub.length;
    }
    const bigramStart = space.vocabSize + space.charBuckets;
    for (let b = 0; b < space.bigramBuckets; b++) {
      const from = (bigramStart + b) * dim,
        at = (space.vocabSize + b) * width + m * dim;
      for (let d = 0; d < dim; d++) folded[at + d] = bigramWeight * (embedding[from + d] ?? 0);
    }
    weight.set(classifier.weight, m * dim * numLabels);
    bias.set(classifier.bias, m * numLabels);
  });
  const quantized = quantizeRows(folded, rows, width);
  return {
    vocabSize: space.vocabSize,
    bigramBuckets: space.bigramBuckets,
    bigramPrime: space.bigramPrime,
    dim,
    members: K,
    numLabels,
    quantized,
    table: dequantizeRows(quantized),
    weight,
    bias,
  };
}

/** Class probabilities for one token-id sequence, computed the way the ONNX graph computes them. */
export function foldedProbs(model: FoldedModel, ids: readonly number[]): Float32Array {
  const { dim, members, numLabels, table, weight, bias } = model;
  const width = members * dim;
  const x = new Float32Array(width);
  const add = (row: number): void => {
    for (let d = 0; d < width; d++) x[d] = (x[d] ?? 0) + (table[row * width + d] ?? 0);
  };
  for (const id of ids) add(id);
  for (let i = 0; i + 1 < ids.length; i++)
    add(model.vocabSize + (((ids[i] ?? 0) * model.bigramPrime + (ids[i + 1] ?? 0)) % model.bigramBuckets));
  const n = Math.max(ids.length, 1);
  const mean = new Float32Array(numLabels);
  const logits = new Float32Array(numLabels);
  for (let m = 0; m < members; m++) {
    logits.set(bias.subarray(m * numLabels, (m + 1) * numLabels));
    for (let d = 0; d < dim; d++) {
      const xd = (x[m * dim + d] ?? 0) / n;
      const row = (m * dim + d) * numLabels;
      for (let l = 0; l < numLabels; l++) logits[l] = (logits[l] ?? 0) + xd * (weight[row + l] ?? 0);
    }
    softmaxInPlace(logits);
    for (let l = 0; l < numLabels; l++) mean[l] = (mean[l] ?? 0) + (logits[l] ?? 0) / members;
  }
  return mean;
}
