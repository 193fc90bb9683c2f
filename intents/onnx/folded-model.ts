import { softmaxInPlace, type Classifier } from "../train/classifier.js";
import { tokenSubRows } from "../train/features.js";
import { fromFloat16Bits, toFloat16Bits } from "./float16.js";

/**
 * The classifier as the ONNX graph holds it: one embedding row per token (word row and character n-gram rows
 * folded into their mean, as training pooled them) then the bigram rows, stored as float16; the linear layer in float32.
 */
export type FoldedModel = {
  vocabSize: number;
  bigramBuckets: number;
  bigramPrime: number;
  dim: number;
  numLabels: number;
  /** Float16 bits of the [vocabSize + bigramBuckets, dim] table. */
  tableHalf: Uint16Array;
  /** The same table decoded back to numbers, for the reference forward pass. */
  table: Float32Array;
  weight: Float32Array;
  bias: Float32Array;
};

/** Folds a trained classifier into the export form; row 0 (`[PAD]`) is zero. */
export function foldClassifier(model: Classifier, tokens: readonly string[], firstWord: number): FoldedModel {
  const { space, dim, embedding } = model;
  const folded = new Float32Array((space.vocabSize + space.bigramBuckets) * dim);
  for (let id = 1; id < space.vocabSize; id++) {
    const rows = tokenSubRows(space, id, tokens[id] ?? "", firstWord);
    for (const row of rows) {
      for (let d = 0; d < dim; d++) folded[id * dim + d] = (folded[id * dim + d] ?? 0) + (embedding[row * dim + d] ?? 0) / rows.length;
    }
  }
  const bigramStart = (space.vocabSize + space.charBuckets) * dim;
  folded.set(embedding.subarray(bigramStart, bigramStart + space.bigramBuckets * dim), space.vocabSize * dim);
  const tableHalf = new Uint16Array(folded.length);
  const table = new Float32Array(folded.length);
  for (let i = 0; i < folded.length; i++) {
    tableHalf[i] = toFloat16Bits(folded[i] ?? 0);
    table[i] = fromFloat16Bits(tableHalf[i] ?? 0);
  }
  return {
    vocabSize: space.vocabSize, bigramBuckets: space.bigramBuckets, bigramPrime: space.bigramPrime,
    dim, numLabels: model.numLabels, tableHalf, table, weight: model.weight, bias: model.bias,
  };
}

/** Class probabilities for one token-id sequence, computed the way the ONNX graph computes them. */
export function foldedProbs(model: FoldedModel, ids: readonly number[]): Float32Array {
  const { dim, numLabels, table, weight, bias } = model;
  const x = new Float32Array(dim);
  const add = (row: number): void => { for (let d = 0; d < dim; d++) x[d] = (x[d] ?? 0) + (table[row * dim + d] ?? 0); };
  for (const id of ids) add(id);
  for (let i = 0; i + 1 < ids.length; i++) add(model.vocabSize + (((ids[i] ?? 0) * model.bigramPrime + (ids[i + 1] ?? 0)) % model.bigramBuckets));
  const n = Math.max(ids.length, 1);
  const probs = Float32Array.from(bias);
  for (let d = 0; d < dim; d++) {
    const xd = (x[d] ?? 0) / n;
    for (let l = 0; l < numLabels; l++) probs[l] = (probs[l] ?? 0) + xd * (weight[d * numLabels + l] ?? 0);
  }
  softmaxInPlace(probs);
  return probs;
}
