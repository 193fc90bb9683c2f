import type { Dataset, Example } from "../data/dataset.js";
import { decideLabel, tuneThreshold, type ThresholdChoice, type TopPrediction } from "../eval/oos-decision.js";
import { scorePredictions, type Metrics } from "../eval/metrics.js";
import { foldClassifier, foldedProbs, type FoldedModel } from "../onnx/folded-model.js";
import { buildVocabulary, createEncoder, SPECIAL_TOKENS, type Vocabulary } from "../tokenizer/build-tokenizer.js";
import { trainClassifier } from "./adam-trainer.js";
import { createClassifier, predictProbs, type Classifier } from "./classifier.js";
import { bagOf, tokenSubRows, type FeatureSpace, type SparseBag } from "./features.js";
import { createRng } from "./rng.js";

/** Everything the trainer can be told; defaults in {@link DEFAULT_HYPERPARAMETERS}. */
export type Hyperparameters = {
  dim: number; epochs: number; batchSize: number; learningRate: number; labelSmoothing: number;
  featureDropout: number; dropout: number;
  charBuckets: number; bigramBuckets: number; charMin: number; charMax: number; minCount: number;
};

/** Defaults chosen on CLINC150 / Banking77 validation data. */
export const DEFAULT_HYPERPARAMETERS: Hyperparameters = {
  dim: 64, epochs: 10, batchSize: 32, learningRate: 0.01, labelSmoothing: 0, featureDropout: 0, dropout: 0.5,
  charBuckets: 20_000, bigramBuckets: 20_000, charMin: 3, charMax: 5, minCount: 1,
};

/** One progress line's worth of information. */
export type Progress = { epoch: number; epochs: number; loss: number; valAccuracy: number | null; seconds: number };

/** A trained model with everything needed to write its folder. */
export type TrainedModel = {
  classifier: Classifier;
  /** The exported form (float16 table); final val figures and the threshold come from it. */
  folded: FoldedModel;
  vocab: Vocabulary;
  labels: string[];
  threshold: ThresholdChoice;
  valMetrics: Metrics | null;
  hyperparameters: Hyperparameters;
  seed: number;
  trainSeconds: number;
};

const topOf = (probs: Float32Array, labels: readonly string[]): TopPrediction => {
  let best = 0;
  for (let i = 1; i < probs.length; i++) if ((probs[i] ?? 0) > (probs[best] ?? 0)) best = i;
  return { label: labels[best] ?? "", score: probs[best] ?? 0 };
};

/** Trains on `dataset.train`, reports progress per epoch, tunes the OOS threshold and scores on `dataset.val`. */
export function trainModel(
  dataset: Dataset, seed: number, hyper: Hyperparameters, onProgress: (p: Progress) => void,
  now: () => number = () => performance.now(), oosRecallTarget = 0.6,
): TrainedModel {
  const started = now();
  const vocab = buildVocabulary(dataset.train.map((e) => e.text), hyper.minCount);
  const encode = createEncoder(vocab);
  const labels = [...new Set(dataset.train.map((e) => e.label))].sort();
  const labelId = new Map(labels.map((l, i) => [l, i]));
  const space: FeatureSpace = {
    vocabSize: vocab.tokens.length, wordCount: vocab.wordCount, charBuckets: hyper.charBuckets,
    bigramBuckets: hyper.bigramBuckets, bigramPrime: 1_000_003, charMin: hyper.charMin, charMax: hyper.charMax,
  };
  const subRows = vocab.tokens.map((token, id) => tokenSubRows(space, id, token, SPECIAL_TOKENS.length));
  const bagsOf = (examples: readonly Example[]): SparseBag[] => examples.map((e) => bagOf(space, encode(e.text), subRows));
  const trainBags = bagsOf(dataset.train);
  const trainLabels = dataset.train.map((e) => labelId.get(e.label) ?? 0);
  const val = dataset.val.filter((e) => e.label === "oos" || labelId.has(e.label));
  const valIds = val.map((e) => encode(e.text));
  const valBags = valIds.map((ids) => bagOf(space, ids, subRows));
  const rng = createRng(seed);
  const classifier = createClassifier(space, hyper.dim, labels.length, rng);
  const valTops = (): TopPrediction[] => valBags.map((bag) => topOf(predictProbs(classifier, bag), labels));
  trainClassifier(classifier, trainBags, trainLabels, hyper, rng, ({ epoch, loss }) => {
    const tops = val.length > 0 ? valTops() : [];
    const valAccuracy = val.length > 0 ? scorePredictions(val.map((e) => e.label), tops.map((t) => t.label)).in_scope_accuracy : null;
    onProgress({ epoch, epochs: hyper.epochs, loss, valAccuracy, seconds: (now() - started) / 1000 });
  });
  const folded = foldClassifier(classifier, vocab.tokens, SPECIAL_TOKENS.length);
  const gold = val.map((e) => e.label);
  const tops = valIds.map((ids) => topOf(foldedProbs(folded, ids), labels));
  const threshold = tuneThreshold(gold, tops, oosRecallTarget);
  const valMetrics = val.length > 0 ? scorePredictions(gold, tops.map((t) => decideLabel(t, threshold.threshold))) : null;
  return { classifier, folded, vocab, labels, threshold, valMetrics, hyperparameters: hyper, seed, trainSeconds: (now() - started) / 1000 };
}
