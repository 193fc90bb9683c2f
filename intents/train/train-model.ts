import type { Dataset, Example } from "../data/dataset.js";
import { OOS_LABEL } from "../data/dataset.js";
import { decideLabel, tuneThreshold, type ThresholdChoice, type TopPrediction } from "../eval/oos-decision.js";
import { scorePredictions, type Metrics } from "../eval/metrics.js";
import { foldEnsemble, foldedProbs, type EnsembleMember, type FoldedModel } from "../onnx/folded-model.js";
import { buildVocabulary, createEncoder, SPECIAL_TOKENS, type Vocabulary } from "../tokenizer/build-tokenizer.js";
import { trainClassifier } from "./adam-trainer.js";
import { createClassifier, predictProbs } from "./classifier.js";
import { bagOf, tokenSubRows, type FeatureSpace, type SparseBag } from "./features.js";
import { stratifiedFolds } from "./folds.js";
import { createRng } from "./rng.js";

/** Everything the trainer can be told; defaults in {@link DEFAULT_HYPERPARAMETERS}. */
export type Hyperparameters = {
  dim: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  labelSmoothing: number;
  featureDropout: number;
  dropout: number;
  charBuckets: number;
  bigramBuckets: number;
  charMin: number;
  charMax: number;
  minCount: number;
  /** Weight of each token bigram relative to a token in the mean. */
  bigramWeight: number;
  /** Ensemble size: members differ in seed and character n-gram hash, their probabilities are averaged. */
  members: number;
  /** Folds of the cross-validation on train that picks the OOS threshold (when train has `oos`); < 2: none. */
  cvFolds: number;
};

/** Defaults chosen on CLINC150 / Banking77 validation data. */
export const DEFAULT_HYPERPARAMETERS: Hyperparameters = {
  dim: 64,
  epochs: 10,
  batchSize: 32,
  learningRate: 0.01,
  labelSmoothing: 0,
  featureDropout: 0,
  dropout: 0.5,
  charBuckets: 20_000,
  bigramBuckets: 10_000,
  charMin: 3,
  charMax: 5,
  minCount: 1,
  bigramWeight: 0.5,
  members: 3,
  cvFolds: 5,
};

/** One progress line's worth of information; `stage` names the final fit or a cross-validation fold. */
export type Progress = {
  stage: string;
  member: number;
  members: number;
  epoch: number;
  epochs: number;
  loss: number;
  valAccuracy: number | null;
  seconds: number;
};

/** A trained model with everything needed to write its folder. */
export type TrainedModel = {
  /** The exported form (int8 table, every member); final val figures come from it. */
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

/** A fitted ensemble and what is needed to run it on new text. */
type Fitted = { folded: FoldedModel; vocab: Vocabulary; labels: string[]; predict: (text: string) => TopPrediction };

/** Seed of member `m`: member 0 uses the run's seed itself. */
const memberSeed = (seed: number, m: number): number => (seed + Math.imul(m, 0x9e3779b9)) >>> 0;

/**
 * Fits the ensemble on `train` (vocabulary, members one after another, fold into the export form). `watch`, when
 * given, is scored after every epoch of each member (top-1, no threshold) for the progress line.
 */
function fitEnsemble(
  train: readonly Example[],
  seed: number,
  hyper: Hyperparameters,
  stage: string,
  onProgress: (p: Progress) => void,
  elapsed: () => number,
  watch: readonly Example[] = [],
): Fitted {
  const vocab = buildVocabulary(
    train.map((e) => e.text),
    hyper.minCount,
  );
  const encode = createEncoder(vocab);
  const labels = [...new Set(train.map((e) => e.label))].sort();
  const labelId = new Map(labels.map((l, i) => [l, i]));
  const space: FeatureSpace = {
    vocabSize: vocab.tokens.length,
    wordCount: vocab.wordCount,
    charBuckets: hyper.charBuckets,
    bigramBuckets: hyper.bigramBuckets,
    bigramPrime: 1_000_003,
    charMin: hyper.charMin,
    charMax: hyper.charMax,
  };
  const trainIds = train.map((e) => encode(e.text));
  const trainLabels = train.map((e) => labelId.get(e.label) ?? 0);
  const watched = watch.filter((e) => e.label !== OOS_LABEL && labelId.has(e.label));
  const watchIds = watched.map((e) => encode(e.text));
  const members: EnsembleMember[] = [];
  for (let m = 0; m < hyper.members; m++) {
    const salt = m;
    const subRows = vocab.tokens.map((token, id) => tokenSubRows(space, id, token, SPECIAL_TOKENS.length, salt));
    const bagsOf = (ids: readonly number[][]): SparseBag[] =>
      ids.map((x) => bagOf(space, x, subRows, hyper.bigramWeight));
    const trainBags = bagsOf(trainIds);
    const watchBags = bagsOf(watchIds);
    const rng = createRng(memberSeed(seed, m));
    const classifier = createClassifier(space, hyper.dim, labels.length, rng);
    trainClassifier(classifier, trainBags, trainLabels, hyper, rng, ({ epoch, loss }) => {
      let valAccuracy: number | null = null;
      if (watched.length > 0) {
        const right = watchBags.filter(
          (bag, i) => topOf(predictProbs(classifier, bag), labels).label === watched[i]?.label,
        ).length;
        valAccuracy = right / watched.length;
      }
      onProgress({
        stage,
        member: m + 1,
        members: hyper.members,
        epoch,
        epochs: hyper.epochs,
        loss,
        valAccuracy,
        seconds: elapsed(),
      });
    });
    members.push({ classifier, salt, bigramWeight: hyper.bigramWeight });
  }
  const folded = foldEnsemble(members, vocab.tokens, SPECIAL_TOKENS.length);
  return { folded, vocab, labels, predict: (text) => topOf(foldedProbs(folded, encode(text)), labels) };
}

/**
 * Picks the OOS threshold without looking at val: `folds`-fold cross-validation on train (stratified by intent,
 * `oos` included), each fold predicted by an ensemble fitted on the other folds; the threshold is tuned on those
 * out-of-fold predictions.
 */
function crossValidatedThreshold(
  train: readonly Example[],
  seed: number,
  hyper: Hyperparameters,
  recallTarget: number,
  onProgress: (p: Progress) => void,
  elapsed: () => number,
): ThresholdChoice {
  const assignment = stratifiedFolds(
    train.map((e) => e.label),
    hyper.cvFolds,
    createRng(seed ^ 0x5bd1e995),
  );
  const gold: string[] = [];
  const tops: TopPrediction[] = [];
  for (let fold = 0; fold < hyper.cvFolds; fold++) {
    const fitted = fitEnsemble(
      train.filter((_, i) => assignment[i] !== fold),
      seed,
      hyper,
      `cv fold ${fold + 1}/${hyper.cvFolds}`,
      onProgress,
      elapsed,
    );
    train.forEach((example, i) => {
      if (assignment[i] !== fold) return;
      gold.push(example.label);
      tops.push(fitted.predict(example.text));
    });
  }
  return tuneThreshold(gold, tops, recallTarget, `${hyper.cvFolds}-fold cross-validation on train`);
}

/**
 * Trains on `dataset.train` with progress per member and epoch, picks the OOS threshold by cross-validation on
 * train (when it has `oos` examples) and scores the exported form on `dataset.val` with that threshold.
 */
export function trainModel(
  dataset: Dataset,
  seed: number,
  hyper: Hyperparameters,
  onProgress: (p: Progress) => void,
  now: () => number = () => performance.now(),
  oosRecallTarget = 0.6,
): TrainedModel {
  const started = now();
  const elapsed = (): number => (now() - started) / 1000;
  const hasOos = dataset.train.some((e) => e.label === OOS_LABEL);
  const threshold: ThresholdChoice =
    hasOos && hyper.cvFolds >= 2
      ? crossValidatedThreshold(dataset.train, seed, hyper, oosRecallTarget, onProgress, elapsed)
      : {
          threshold: 0,
          rule: hasOos ? "cross-validation disabled: no threshold" : "no oos in training data: no threshold",
        };
  const fitted = fitEnsemble(dataset.train, seed, hyper, "final", onProgress, elapsed, dataset.val);
  const val = dataset.val.filter((e) => e.label === OOS_LABEL || fitted.labels.includes(e.label));
  const valMetrics =
    val.length > 0
      ? scorePredictions(
          val.map((e) => e.label),
          val.map((e) => decideLabel(fitted.predict(e.text), threshold.threshold)),
        )
      : null;
  return {
    folded: fitted.folded,
    vocab: fitted.vocab,
    labels: fitted.labels,
    threshold,
    valMetrics,
    hyperparameters: hyper,
    seed,
    trainSeconds: elapsed(),
  };
}
